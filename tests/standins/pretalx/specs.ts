import Ajv, { type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse as parseYaml } from 'yaml';

// Vendored copies of the official specs (licences alongside), so CI needs nothing outside the repository.
const SPECS = join(__dirname, '..', '..', 'fixtures', 'pretalx', 'specs');

function newAjv(): Ajv {
	// strict off: the specs carry annotation keywords ajv does not know (`$oneOf`, `example`, `deprecated`).
	const ajv = new Ajv({ strict: false, allErrors: true });
	addFormats(ajv);
	ajv.addFormat('color', /^#(?:[0-9a-fA-F]{3}){1,2}$/);
	return ajv;
}

function messages(errors: ErrorObject[] | null | undefined): string[] {
	return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? error.keyword}`);
}

let frabValidator: ValidateFunction | undefined;

/**
 * Checks a frab document against the c3voc schema. pretalx knowingly emits two things the schema's patterns reject:
 * `D:HH:MM` durations of a day or more and `start` hours past 23 for slots after midnight; those are returned apart.
 */
export function validateFrab(document: unknown): { errors: string[]; knownDeviations: string[] } {
	if (!frabValidator) {
		const ajv = newAjv();
		ajv.addMetaSchema(JSON.parse(readFileSync(require.resolve('ajv/dist/refs/json-schema-draft-06.json'), 'utf8')) as object);
		frabValidator = ajv.compile(JSON.parse(readFileSync(join(SPECS, 'frab-schedule.schema.json'), 'utf8')) as object);
	}
	if (frabValidator(document)) return { errors: [], knownDeviations: [] };
	const errors: string[] = [];
	const knownDeviations: string[] = [];
	for (const error of frabValidator.errors ?? []) {
		const value = valueAt(document, error.instancePath);
		const known =
			error.keyword === 'pattern' &&
			((error.instancePath.endsWith('/duration') && typeof value === 'string' && /^\d+:\d{2}:\d{2}$/.test(value)) ||
				(error.instancePath.endsWith('/start') && typeof value === 'string' && /^(2[4-9]|[34]\d):[0-5]\d$/.test(value)));
		(known ? knownDeviations : errors).push(...messages([error]));
	}
	return { errors, knownDeviations };
}

function valueAt(document: unknown, pointer: string): unknown {
	return pointer
		.split('/')
		.slice(1)
		.map((part) => part.replaceAll('~1', '/').replaceAll('~0', '~'))
		.reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), document);
}

/** OpenAPI 3.0 `nullable` has no JSON Schema equivalent: rewrite it as a null alternative. */
function openApiToJsonSchema(node: unknown): unknown {
	if (Array.isArray(node)) return node.map(openApiToJsonSchema);
	if (!node || typeof node !== 'object') return node;
	const { nullable, ...rest } = node as Record<string, unknown>;
	const converted = Object.fromEntries(Object.entries(rest).map(([key, value]) => [key, openApiToJsonSchema(value)]));
	if (nullable !== true) return converted;
	if (typeof converted.type === 'string') return { ...converted, type: [converted.type, 'null'], ...(converted.enum ? { enum: [...(converted.enum as unknown[]), null] } : {}) };
	return { anyOf: [{ type: 'null' }, converted] };
}

let pretalx: { ajv: Ajv } | undefined;

function pretalxSchema(name: string): ValidateFunction {
	if (!pretalx) {
		const spec = openApiToJsonSchema(parseYaml(readFileSync(join(SPECS, 'pretalx-openapi.yml'), 'utf8'))) as Record<string, unknown>;
		const ajv = newAjv();
		ajv.addSchema({ $id: 'pretalx', components: spec.components }, 'pretalx');
		pretalx = { ajv };
	}
	return pretalx.ajv.getSchema(`pretalx#/components/schemas/${name}`)!;
}

function check(name: string, value: unknown, at: string): string[] {
	const validate = pretalxSchema(name);
	return validate(value) ? [] : messages(validate.errors).map((message) => `${at}${message}`);
}

/** The API root (`/api/`) against the `Root` schema. */
export function validateV2Root(document: unknown): string[] {
	return check('Root', document, '');
}

type Json = Record<string, any>;

/**
 * An expanded v2 schedule against the spec. The spec describes each resource with its links as ids/codes and
 * `?expand=` replaces a link by the linked resource, so each expanded object is checked against its own schema
 * and its parent with the link collapsed back. One documented deviation: break slots have `submission: null`
 * (pretalx's own API tests) where the schema says string; those are returned apart.
 */
export function validateV2Schedule(document: Json): { errors: string[]; knownDeviations: string[] } {
	const errors: string[] = [];
	const knownDeviations: string[] = [];
	const slots: unknown[] = Array.isArray(document.slots) ? document.slots : [];
	errors.push(...check('Schedule', { ...document, slots: slots.map((slot) => (typeof slot === 'object' && slot ? (slot as Json).id : slot)) }, ''));
	slots.forEach((raw, index) => {
		if (typeof raw !== 'object' || raw === null) return;
		const slot = raw as Json;
		const at = `/slots/${index}`;
		const room = slot.room && typeof slot.room === 'object' ? slot.room : undefined;
		const submission = slot.submission && typeof slot.submission === 'object' ? (slot.submission as Json) : undefined;
		const slotErrors = check('TalkSlot', { ...slot, room: room ? room.id : slot.room, submission: submission ? submission.code : slot.submission }, at);
		for (const message of slotErrors) (slot.submission === null && message.startsWith(`${at}/submission `) ? knownDeviations : errors).push(message);
		if (room) errors.push(...check('Room', room, `${at}/room`));
		if (!submission) return;
		const collapse = (value: unknown): unknown => (value && typeof value === 'object' ? (value as Json).id : value);
		const speakers: unknown[] = Array.isArray(submission.speakers) ? submission.speakers : [];
		errors.push(
			...check(
				'Submission',
				{
					...submission,
					speakers: speakers.map((speaker) => (speaker && typeof speaker === 'object' ? (speaker as Json).code : speaker)),
					submission_type: collapse(submission.submission_type),
					...('track' in submission ? { track: collapse(submission.track) } : {})
				},
				`${at}/submission`
			)
		);
		speakers.forEach((speaker, position) => {
			if (speaker && typeof speaker === 'object') errors.push(...check('Speaker', speaker, `${at}/submission/speakers/${position}`));
		});
		if (submission.track && typeof submission.track === 'object') errors.push(...check('Track', submission.track, `${at}/submission/track`));
		if (submission.submission_type && typeof submission.submission_type === 'object')
			errors.push(...check('SubmissionType', submission.submission_type, `${at}/submission/submission_type`));
	});
	return { errors, knownDeviations };
}
