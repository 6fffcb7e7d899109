import { expect } from 'chai';
import { ApplicationCommandOptionType as O, ComponentType } from 'discord.js';
import { notOrganizerMessage } from '../../src/lib/discord/organizers';
import type { CommandInput, InteractionResult, OptionValue, UserRef } from '../standins/discord';
import { fixtureEvent } from '../fixtures/pretix/event';
import { eventually } from '../e2e/support/startBot';
import { FaultRig } from '../faults/support/harness';
import { openForm, submitForm } from '../e2e/support/registration';
import { assertNoSecrets } from './secrets';

const WEBHOOK_SECRET = 'whsec-security-suite-9c41d7e2b8';

interface CommandOption {
	type: number;
	name: string;
	required?: boolean;
	choices?: Array<{ value: OptionValue }>;
	min_value?: number;
	options?: CommandOption[];
}

interface Invocation {
	name: string;
	input: CommandInput;
	label: string;
}

describe('security: secrets, organizer-only tools, the webhook', function () {
	this.timeout(30_000);
	let rig: FaultRig;
	let base: string;
	let registered: UserRef;

	/** Every subcommand of every registered command, with every option filled in plausibly (a member, a channel, a known order). */
	const invocations = (filter: (body: Record<string, unknown>) => boolean): Invocation[] => {
		const { discord } = rig;
		const valueFor = (option: CommandOption): OptionValue | undefined => {
			if (option.choices?.length) return option.choices[0]!.value;
			switch (option.type) {
				case O.String:
					return option.name.includes('name') ? 'Ada Lovelace' : 'ABC12';
				case O.Integer:
				case O.Number:
					return option.min_value ?? 1;
				case O.Boolean:
					return true;
				case O.User:
				case O.Mentionable:
					return { id: registered.id };
				case O.Channel:
					return { id: discord.channel('registration-log').id };
				case O.Role:
					return { id: discord.role('Organisers').id };
				default:
					return undefined;
			}
		};
		const fill = (options: CommandOption[] = []) =>
			Object.fromEntries(options.flatMap((option) => {
				const value = valueFor(option);
				return value === undefined ? [] : [[option.name, value]];
			}));
		return discord.commands('guild').filter((command) => filter(command.body)).flatMap(({ name, body }) => {
			const options = (body.options ?? []) as CommandOption[];
			const subs = options.filter((option) => option.type === O.Subcommand);
			const groups = options.filter((option) => option.type === O.SubcommandGroup);
			if (!subs.length && !groups.length) return [{ name, input: { options: fill(options) }, label: `/${name}` }];
			return [
				...subs.map((sub) => ({ name, input: { subcommand: sub.name, options: fill(sub.options) }, label: `/${name} ${sub.name}` })),
				...groups.flatMap((group) =>
					(group.options ?? []).map((sub) => ({ name, input: { group: group.name, subcommand: sub.name, options: fill(sub.options) }, label: `/${name} ${group.name} ${sub.name}` }))
				)
			];
		});
	};
	const organizerOnly = (body: Record<string, unknown>) => typeof body.default_member_permissions === 'string' && body.default_member_permissions !== '0';
	const expectRefusal = (result: InteractionResult, label: string) => {
		expect(result.content, label).to.equal(notOrganizerMessage);
		expect(result.ephemeral, label).to.equal(true);
		expect([result.embeds, result.attachments, result.components, result.followUps].map((list) => list.length), label).to.deep.equal([0, 0, 0, 0]);
	};
	const buttonsOf = (result: InteractionResult): string[] =>
		[result.components, ...result.followUps.map((message) => message.components)]
			.flat()
			.flatMap((row: Record<string, any>) => (row.components ?? []) as Array<Record<string, any>>)
			.filter((component) => component.type === ComponentType.Button && component.custom_id)
			.map((component) => component.custom_id as string);
	const webhook = (query: string, headers: Record<string, string> = {}, method = 'POST') =>
		fetch(`${base}/webhooks/pretix${query}`, {
			method,
			headers: { 'Content-Type': 'application/json', ...headers },
			body: method === 'GET' ? undefined : JSON.stringify({ notification_id: 1, organizer: 'europython', event: 'ep2026', code: 'ABC12', action: 'pretix.event.order.paid' })
		}).then((response) => response.status);

	before(async () => {
		rig = await FaultRig.start(fixtureEvent(), {
			// Debug logging is the most talkative the bot gets: if a secret leaks anywhere, it leaks here.
			overrides: { bot: { log_level: 'debug' }, http: { enabled: true, port: 0 }, pretix: { webhook: { enabled: true } } },
			secrets: { PRETIX_WEBHOOK_SECRET: WEBHOOK_SECRET }
		});
		await rig.boot();
		base = `http://127.0.0.1:${/HTTP server listening on http:\/\/127\.0\.0\.1:(\d+)/.exec(rig.bot.output())![1]}`;
		registered = rig.discord.addMember({ username: 'attendee' });
		expect((await submitForm(rig.discord, registered, await openForm(rig.discord, registered), 'ABC12', 'Ada Lovelace')).content).to.include('You are registered');
	});

	after(() => rig?.close());

	it('finds the organizer commands to check (the enumeration is not empty)', () => {
		expect(invocations(organizerOnly).length).to.be.at.least(3);
	});

	it('refuses every organizer subcommand to an admin who is not an organizer, with no data in the reply', async () => {
		const admin = rig.discord.user('adam');
		for (const { name, input, label } of invocations(organizerOnly)) expectRefusal(await rig.discord.runCommand(admin, name, input), label);
		expect(rig.discord.member(registered).roles).to.include('Participants');
	});

	it('refuses every button on organizer answers to a non-organizer', async () => {
		const organizer = rig.discord.user('olivia');
		const admin = rig.discord.user('adam');
		let answered = 0;
		for (const { name, input, label } of invocations(organizerOnly)) {
			// Boolean options, `share` among them, are filled with true: the answers are public and their buttons reachable.
			const result = await rig.discord.runCommand(organizer, name, input);
			if (result.content !== notOrganizerMessage) answered++;
			for (const customId of buttonsOf(result)) expectRefusal(await rig.discord.clickButton(admin, result, customId), `${label} → ${customId}`);
		}
		// The organizer got real answers, so the buttons found (none today; new tools' buttons are picked up here) are theirs.
		expect(answered).to.be.greaterThan(0);
	});

	it('rejects pretix webhooks without the configured secret, and fetches nothing for them', async () => {
		const fetches = () => rig.pretix.requests.filter((request) => request.path.endsWith('/orders/ABC12/')).length;
		const before = fetches();
		const half = WEBHOOK_SECRET.slice(0, WEBHOOK_SECRET.length / 2);
		for (const [query, headers] of [
			['', {}],
			['?secret=', {}],
			['?secret=wrong', {}],
			[`?secret=${half}`, {}],
			[`?secret=${WEBHOOK_SECRET.toUpperCase()}`, {}],
			[`?secret=${WEBHOOK_SECRET}x`, {}],
			['', { 'X-Usher-Secret': 'wrong' }],
			['', { Authorization: `Token ${rig.pretix.token}` }]
		] as Array<[string, Record<string, string>]>) {
			expect(await webhook(query, headers), `${query} ${JSON.stringify(headers)}`).to.be.oneOf([401, 403]);
		}
		await new Promise((resolve) => setTimeout(resolve, 200));
		expect(fetches()).to.equal(before);
		expect(await webhook(`?secret=${WEBHOOK_SECRET}`)).to.equal(200);
		await eventually(() => fetches() === before + 1, 'the accepted webhook to re-fetch the order');
	});

	it('never prints a token or the webhook secret, nor the names and order codes of registered people (debug logging, SIGTERM included)', async () => {
		await rig.bot.stop();
		assertNoSecrets(rig.printed(), rig.secrets);
		expect(rig.printed()).to.not.include('Ada Lovelace');
		expect(rig.printed()).to.not.include('ABC12');
		await rig.restart();
	});

	it('sent Discord only requests its OpenAPI spec accepts', () => {
		expect(rig.discord.specViolations).to.deep.equal([]);
	});
});
