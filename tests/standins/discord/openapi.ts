import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** Where the official spec is looked for: an explicit env override, a vendored copy, then the shared reference folder. */
const SPEC_CANDIDATES = [
	process.env.DISCORD_OPENAPI_SPEC,
	join(__dirname, '..', '..', 'fixtures', 'specs', 'discord-openapi.json'),
	'/work/shared/specs/discord-openapi.json'
].filter((file): file is string => Boolean(file));

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

interface ParameterSpec {
	name: string;
	in: 'path' | 'query' | 'header';
	required?: boolean;
	schema: Record<string, unknown>;
}

interface OperationSpec {
	parameters?: ParameterSpec[];
	requestBody?: { required?: boolean; content: Record<string, { schema: unknown }> };
	responses: Record<string, { $ref?: string; content?: Record<string, { schema: unknown }> }>;
	security?: Record<string, unknown>[];
}

interface RouteTemplate {
	route: string;
	regex: RegExp;
	paramNames: string[];
	literalSegments: number;
	operations: Partial<Record<Method, OperationSpec>>;
	parameters: ParameterSpec[];
}

/** The spec operation a request resolved to. */
export interface SpecMatch {
	route: string;
	method: Method;
	params: Record<string, string>;
	/** False when the spec lets the route be called without a bot token (interaction callbacks, webhook tokens). */
	requiresAuth: boolean;
}

export interface SpecIssue {
	kind: 'request' | 'response' | 'discord-limit';
	method: string;
	path: string;
	route: string | null;
	message: string;
	errors: unknown[];
}

export type BodyKind = 'json' | 'multipart' | 'none';

/**
 * Places where the published spec is narrower than what Discord accepts and discord.js sends: the value is
 * rewritten into the spec's form for validation only. Keep this list short and explain each entry.
 */
const SPEC_GAPS: { route: RegExp; normalise: (body: any) => unknown }[] = [
	// Discord documents default_member_permissions as a string bitfield (discord.js sends "8192"); the spec says integer.
	{
		route: /\/commands(\/\{command_id\})?$/,
		normalise: (body) => {
			const fix = (command: any) =>
				typeof command?.default_member_permissions === 'string' && /^\d+$/.test(command.default_member_permissions)
					? { ...command, default_member_permissions: Number(command.default_member_permissions) }
					: command;
			return Array.isArray(body) ? body.map(fix) : fix(body);
		}
	}
];

const pointerSegment = (segment: string) => encodeURIComponent(segment.replaceAll('~', '~0').replaceAll('/', '~1'));
const pointer = (...segments: (string | number)[]) => `discord#/${segments.map((s) => pointerSegment(String(s))).join('/')}`;

/** Discord's OpenAPI document compiled with ajv: route matching plus request and response validation, compiled lazily per operation. */
export class SpecValidator {
	static #shared: SpecValidator | undefined;
	readonly #ajv: Ajv2020;
	readonly #routes: RouteTemplate[];
	readonly #spec: { paths: Record<string, Record<string, unknown>>; components: { responses: Record<string, unknown> } };
	readonly #compiled = new Map<string, ValidateFunction>();

	private constructor(specText: string) {
		this.#spec = JSON.parse(specText);
		this.#ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
		addFormats(this.#ajv);
		const int = (min: number, max: number) => ({ type: 'number' as const, validate: (n: number) => Number.isInteger(n) && n >= min && n <= max });
		this.#ajv.addFormat('int32', int(-(2 ** 31), 2 ** 31 - 1));
		this.#ajv.addFormat('int64', { type: 'number', validate: (n: number) => Number.isInteger(n) });
		this.#ajv.addFormat('double', { type: 'number', validate: (n: number) => Number.isFinite(n) });
		this.#ajv.addFormat('snowflake', /^(0|[1-9][0-9]*)$/);
		this.#ajv.addFormat('nonce', true);
		this.#ajv.addSchema({ $id: 'discord', ...this.#spec });
		this.#routes = Object.entries(this.#spec.paths)
			.map(([route, item]) => {
				const segments = route.split('/').slice(1);
				const paramNames: string[] = [];
				const source = segments
					.map((segment) => {
						const param = /^\{(\w+)\}$/.exec(segment);
						if (!param) return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
						paramNames.push(param[1]);
						return '([^/]+)';
					})
					.join('/');
				const { parameters = [], ...operations } = item as { parameters?: ParameterSpec[] } & Record<Method, OperationSpec>;
				return { route, regex: new RegExp(`^/${source}$`), paramNames, literalSegments: segments.length - paramNames.length, operations, parameters };
			})
			// A literal segment (members/search, messages/@original) wins over a parameter in the same place.
			.sort((a, b) => b.literalSegments - a.literalSegments);
	}

	/** One compiled spec per process: parsing and adding the 1 MB document costs ~70 ms, so every stand-in shares it. */
	public static shared(): SpecValidator {
		if (!SpecValidator.#shared) {
			const file = SPEC_CANDIDATES.find((candidate) => existsSync(candidate));
			if (!file) throw new Error(`Discord OpenAPI spec not found (tried ${SPEC_CANDIDATES.join(', ')}); set DISCORD_OPENAPI_SPEC`);
			SpecValidator.#shared = new SpecValidator(readFileSync(file, 'utf8'));
		}
		return SpecValidator.#shared;
	}

	/** Resolves a concrete path (without /api/v10) to its spec route; `undefined` when no spec path matches at all. */
	public match(method: string, path: string): SpecMatch | 'method-not-allowed' | undefined {
		const lower = method.toLowerCase() as Method;
		// Clients percent-encode segments such as @original; the spec's literals are decoded.
		path = path.split('/').map((segment) => decodeURIComponent(segment)).join('/');
		let pathMatched = false;
		for (const template of this.#routes) {
			const found = template.regex.exec(path);
			if (!found) continue;
			pathMatched = true;
			const operation = template.operations[lower];
			if (!operation) continue;
			const params = Object.fromEntries(template.paramNames.map((name, i) => [name, found[i + 1]]));
			const requiresAuth = !(operation.security ?? []).some((requirement) => Object.keys(requirement).length === 0);
			return { route: template.route, method: lower, params, requiresAuth };
		}
		return pathMatched ? 'method-not-allowed' : undefined;
	}

	public validateRequest(match: SpecMatch, query: URLSearchParams, bodyKind: BodyKind, body: unknown): { message: string; errors: unknown[] }[] {
		const template = this.#template(match.route);
		const operation = template.operations[match.method]!;
		const issues: { message: string; errors: unknown[] }[] = [];
		const allParams = [
			...template.parameters.map((parameter, i) => ({ parameter, ref: pointer('paths', match.route, 'parameters', i, 'schema') })),
			...(operation.parameters ?? []).map((parameter, i) => ({ parameter, ref: pointer('paths', match.route, match.method, 'parameters', i, 'schema') }))
		];
		for (const { parameter, ref } of allParams) {
			if (parameter.in === 'header') continue;
			const raw = parameter.in === 'path' ? match.params[parameter.name] : query.get(parameter.name);
			if (raw === null || raw === undefined) {
				if (parameter.required) issues.push({ message: `missing ${parameter.in} parameter ${parameter.name}`, errors: [] });
				continue;
			}
			const value = this.#coerce(raw, parameter.schema);
			const errors = this.#run(ref, value);
			if (errors) issues.push({ message: `${parameter.in} parameter ${parameter.name}=${raw} does not match the spec`, errors });
		}
		const requestBody = operation.requestBody;
		if (bodyKind === 'none') {
			if (requestBody?.required) issues.push({ message: 'request body is required', errors: [] });
			return issues;
		}
		if (!requestBody) {
			issues.push({ message: 'the spec defines no request body for this operation', errors: [] });
			return issues;
		}
		const mediaType = bodyKind === 'json' ? 'application/json' : 'multipart/form-data';
		if (!requestBody.content[mediaType]) {
			issues.push({ message: `the spec does not accept ${mediaType} here`, errors: [] });
			return issues;
		}
		const normalised = SPEC_GAPS.filter((gap) => gap.route.test(match.route)).reduce((value, gap) => gap.normalise(value), body);
		const errors = this.#run(pointer('paths', match.route, match.method, 'requestBody', 'content', mediaType, 'schema'), normalised);
		if (errors) issues.push({ message: 'request body does not match the spec', errors });
		return issues;
	}

	/** Checks a payload the stand-in produced against the response schema for its status (or `4XX`). */
	public validateResponse(match: SpecMatch, status: number, body: unknown): { message: string; errors: unknown[] } | undefined {
		const operation = this.#template(match.route).operations[match.method]!;
		const key = String(status) in operation.responses ? String(status) : status >= 400 && status < 500 ? '4XX' : undefined;
		if (!key) return { message: `the spec has no ${status} response here`, errors: [] };
		const declared = operation.responses[key];
		const ref = declared.$ref
			? pointer('components', 'responses', declared.$ref.split('/').pop()!, 'content', 'application/json', 'schema')
			: pointer('paths', match.route, match.method, 'responses', key, 'content', 'application/json', 'schema');
		const hasContent = declared.$ref
			? Boolean((this.#spec.components.responses[declared.$ref.split('/').pop()!] as { content?: unknown }).content)
			: Boolean(declared.content?.['application/json']);
		if (!hasContent) return body === undefined ? undefined : { message: `a ${status} response must have no body`, errors: [] };
		const errors = this.#run(ref, body);
		return errors ? { message: `${status} response body does not match the spec`, errors } : undefined;
	}

	#template(route: string): RouteTemplate {
		return this.#routes.find((template) => template.route === route)!;
	}

	#run(ref: string, value: unknown): ErrorObject[] | undefined {
		let validate = this.#compiled.get(ref);
		if (!validate) {
			validate = this.#ajv.compile({ $ref: ref });
			this.#compiled.set(ref, validate);
		}
		return validate(value) ? undefined : (validate.errors ?? []).slice(0, 10);
	}

	/** Query and path values arrive as strings; turn them into the JSON type the schema declares before validating. */
	#coerce(raw: string, schema: Record<string, unknown>): unknown {
		const types = [schema.type].flat();
		if (types.includes('integer') || types.includes('number')) return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
		if (types.includes('boolean')) return raw === 'true' || raw === 'True' ? true : raw === 'false' || raw === 'False' ? false : raw;
		return raw;
	}
}
