import { expect } from 'chai';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { repoRoot, usherCommand, usherSettings } from '../e2e/support/startBot';
import { startBotProcess, type BotProcess } from './botProcess';
import type { Handoff } from './world';
import { fallbackLanguage } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';

/** Retries an async assertion until it passes. */
async function until(check: () => Promise<void>, timeoutMs = 5000, explain: () => string = () => ''): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		try {
			return await check();
		} catch (error) {
			if (Date.now() > deadline) throw new Error(`${(error as Error).message}${explain()}`, { cause: error });
			await new Promise((resolve) => setTimeout(resolve, 50));
		}
	}
}

/** `npm run standins` as a user runs it: its own process, one JSON line on stdout. */
async function startStandIns(args: string[]): Promise<{ child: ChildProcess; handoff: Handoff }> {
	const child = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(__dirname, 'main.ts'), ...args], { stdio: ['ignore', 'pipe', 'inherit'] });
	const line = await new Promise<string>((resolve, reject) => {
		createInterface({ input: child.stdout! }).once('line', resolve);
		child.once('exit', (code) => reject(new Error(`npm run standins exited with ${code} before printing its line`)));
	});
	return { child, handoff: JSON.parse(line) as Handoff };
}

describe('npm run standins: the stand-ins in their own process, driven through the control API', function () {
	this.timeout(60_000);
	let standins: { child: ChildProcess; handoff: Handoff };
	let bot: BotProcess;
	let workDir: string;
	const control = async (method: string, path: string, body?: unknown): Promise<any> => {
		const response = await fetch(`${standins.handoff.control}${path}`, { method, body: body === undefined ? undefined : JSON.stringify(body) });
		const json = await response.json();
		if (!response.ok) throw new Error(`${method} ${path} → ${response.status}: ${JSON.stringify(json)}`);
		return json;
	};

	before(async () => {
		standins = await startStandIns(['--redis', '--rate-model', 'discord', '--scale', '1']);
		workDir = mkdtempSync(join(tmpdir(), 'usher-standins-'));
		// The real bot, started as any bot is: a command, the stand-ins' addresses in its environment.
		bot = startBotProcess({ command: usherCommand, cwd: repoRoot, env: { ...standins.handoff.env, ...usherSettings(workDir, { programme: { enabled: false } }) } });
		await until(
			async () => {
				const messages: any[] = await control('GET', '/channels/registration-form/messages');
				expect(JSON.stringify(messages.map((m) => m.components))).to.include('"label":"Register"');
			},
			30_000,
			() => `; the bot printed:\n${bot.output()}`
		);
	});

	after(async () => {
		await bot?.stop();
		standins?.child.kill('SIGTERM');
		rmSync(workDir, { recursive: true, force: true });
	});

	it('prints URLs, tokens and ids that answer, and the environment a bot needs', async () => {
		const { discord, pretix, env } = standins.handoff;
		expect(env).to.include({ DISCORD_API_URL: discord.apiUrl, DISCORD_BOT_TOKEN: discord.token, DISCORD_GUILD_ID: discord.guildId, PRETIX_URL: pretix.url, PRETIX_EVENT: 'ep2026' });
		expect(env.REDIS_URL).to.match(/^redis:\/\/127\.0\.0\.1:\d+$/);
		const gateway = (await (await fetch(`${discord.restBase}/gateway/bot`, { headers: { Authorization: `Bot ${discord.token}` } })).json()) as { url: string };
		expect(gateway.url).to.equal(discord.gatewayUrl);
		expect((await fetch(`${pretix.apiUrl}/orders/`, { headers: { Authorization: `Token ${pretix.token}` } })).status).to.equal(200);
		const world = await control('GET', '/world');
		expect(world.guild).to.deep.include({ id: discord.guildId, name: 'EuroPython 2026' });
		expect(world.channels.map((c: { name: string }) => c.name)).to.include('registration-form');
	});

	it('registers a member: join, click Register by label, read the modal, submit by field order', async () => {
		const joined = await control('POST', '/members', { username: 'ada' });
		expect(joined).to.include({ username: 'ada', nick: null });
		const opened = await control('POST', '/click', { user: 'ada', channel: 'registration-form', label: 'Register' });
		expect(opened.callbackType).to.equal(9);
		const modal = await control('GET', '/modal/ada');
		expect(modal.interactionId).to.equal(opened.modal.interactionId);
		expect(modal.fields.map((f: { customId: string }) => f.customId)).to.deep.equal(['order', 'name']);
		const answer = await control('POST', '/submit', { user: 'ada', fields: ['ABC12', 'Ada Lovelace'] });
		expect(answer.ephemeral).to.equal(true);
		expect(answer.content).to.include('Welcome, Ada Lovelace! You are registered.');
		await until(async () => {
			const member = await control('GET', '/members/ada');
			expect(member.nick).to.equal('Ada Lovelace');
			expect(member.roles).to.include.members(['Participants', 'Onsite Participants', 'Beginners Day']);
		});
		const log: any[] = await control('GET', '/channels/registration-log/messages');
		expect(log.map((m) => m.content).join('\n')).to.include('registered as **Ada Lovelace**');
	});

	it('reads the request log, the spec checks, the rate-limit counters and the event log', async () => {
		const requests: any[] = await control('GET', '/requests');
		expect(requests.some((r) => r.method === 'POST' && /^\/interactions\/\d+\/[^/]+\/callback$/.test(r.path) && r.status === 204)).to.equal(true);
		expect(requests.every((r) => r.authorized || r.path.startsWith('/interactions/'))).to.equal(true);
		const violations = await control('GET', '/violations');
		expect(violations.spec).to.deep.equal([]);
		expect(violations.responses).to.deep.equal([]);
		expect(violations.report.validated).to.be.greaterThan(5);
		const limits = await control('GET', '/rate-limits');
		expect(limits.model).to.equal('discord');
		expect(limits.stats.allowed).to.be.greaterThan(5);
		const events: any[] = await control('GET', '/events');
		expect(events.map((e) => e.text)).to.include('@ada +role Participants');
	});

	it('lists a channel\'s threads, reads and posts in one, and clicks a button inside it', async () => {
		const { discord } = standins.handoff;
		const world = await control('GET', '/world');
		const help = world.channels.find((c: { name: string }) => c.name === 'registration-help');
		// The bot's side, as any bot would do it: a thread without a starter message, and a message with a button in it.
		const asBot = (path: string, body: unknown) =>
			fetch(`${discord.restBase}${path}`, { method: 'POST', headers: { Authorization: `Bot ${discord.token}`, 'Content-Type': 'application/json' }, body: JSON.stringify(body) }).then((r) => r.json() as Promise<any>);
		const started = await asBot(`/channels/${help.id}/threads`, { name: 'Q&A · Keynote', type: 11, auto_archive_duration: 1440 });
		await asBot(`/channels/${started.id}/messages`, { content: 'Questions here', components: [{ type: 1, components: [{ type: 2, style: 1, label: 'Ask', custom_id: 'demo:ask' }] }] });
		const threads: any[] = await control('GET', '/channels/registration-help/threads');
		expect(threads.map((t) => [t.id, t.name, t.archived])).to.deep.equal([[started.id, 'Q&A · Keynote', false]]);
		expect((await control('GET', `/threads/${started.id}`)).parentId).to.equal(help.id);
		await control('POST', `/threads/${started.id}/messages`, { user: 'ada', content: 'Will the slides be online?' });
		const messages: any[] = await control('GET', `/threads/${started.id}/messages`);
		expect(messages.map((m) => m.content)).to.deep.equal(['Questions here', 'Will the slides be online?']);
		// No usher handler takes this button: usher still answers, only to the clicker, and changes nothing.
		const clicked = await control('POST', '/click', { user: 'ada', thread: started.id, label: 'Ask' });
		expect([clicked.ephemeral, clicked.content]).to.deep.equal([true, textsFor(fallbackLanguage, 'common')('interactionRetired')]);
	});

	it('answers a driver mistake with 400 and the stand-in\'s reason', async () => {
		const response = await fetch(`${standins.handoff.control}/click`, { method: 'POST', body: JSON.stringify({ user: 'nobody', channel: 'registration-form', label: 'Register' }) });
		expect(response.status).to.equal(400);
		expect(((await response.json()) as { error: string }).error).to.equal('Discord stand-in: no user nobody');
	});

	it('stops cleanly on SIGTERM', async () => {
		await bot.stop();
		const exited = new Promise<number | null>((resolve) => standins.child.once('exit', resolve));
		standins.child.kill('SIGTERM');
		expect(await exited).to.equal(0);
	});
});
