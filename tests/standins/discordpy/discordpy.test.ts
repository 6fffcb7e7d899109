import { expect } from 'chai';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { DiscordStandIn, type MessageView } from '../discord';

/** Debian's python3-discord installs for /usr/bin/python3, which may not be the python3 on PATH (pyenv). */
function pythonWithDiscordPy(): string {
	for (const candidate of ['/usr/bin/python3', 'python3']) {
		if (spawnSync(candidate, ['-c', 'import discord'], { stdio: 'ignore' }).status === 0) return candidate;
	}
	throw new Error('no Python with discord.py: apt-get install python3-discord (see README, "Two commands")');
}

type Line = { event: string } & Record<string, any>;

/** The discord.py bot's JSON lines, awaited one kind at a time. */
class Transcript {
	readonly lines: Line[] = [];
	readonly #waiters = new Set<() => void>();

	public constructor(child: ChildProcess) {
		createInterface({ input: child.stdout! }).on('line', (text) => {
			try {
				this.lines.push(JSON.parse(text) as Line);
			} catch {
				this.lines.push({ event: 'output', text });
			}
			for (const waiter of this.#waiters) waiter();
		});
	}

	/** The first line of kind `event` (at or after line `after`, matching `where`), waiting for it. */
	public next(event: string, after = 0, where: (line: Line) => boolean = () => true, timeoutMs = 10_000): Promise<Line> {
		return new Promise((resolve, reject) => {
			const check = () => {
				const found = this.lines.slice(after).find((line) => line.event === event && where(line));
				if (!found) return;
				clearTimeout(timer);
				this.#waiters.delete(check);
				resolve(found);
			};
			const timer = setTimeout(() => {
				this.#waiters.delete(check);
				reject(new Error(`discord.py never printed "${event}"; it printed:\n${this.lines.map((line) => JSON.stringify(line)).join('\n')}`));
			}, timeoutMs);
			this.#waiters.add(check);
			check();
		});
	}
}

describe('Discord stand-in: a discord.py 2.2 bot', function () {
	this.timeout(60_000);
	let discord: DiscordStandIn;
	let bot: ChildProcess;
	let out: Transcript;
	let stderr = '';
	let form: MessageView;
	const userOf = () => discord.user('zoe');

	before(async () => {
		// Discord's real limits (headers on every answer), the spec checks on every request and answer.
		discord = await DiscordStandIn.start({ rateLimits: { model: 'discord', scale: 1 } });
		bot = spawn(pythonWithDiscordPy(), [join(__dirname, 'bot.py')], {
			env: { PATH: process.env.PATH, DISCORD_REST_BASE: `${discord.restUrl}/v10`, DISCORD_BOT_TOKEN: discord.token, DISCORD_GUILD_ID: discord.guild.id },
			stdio: ['ignore', 'pipe', 'pipe']
		});
		bot.stderr!.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
		out = new Transcript(bot);
	});

	after(async () => {
		if (bot.exitCode === null && bot.signalCode === null) bot.kill('SIGKILL');
		await discord.close();
	});

	it('logs in (users/@me, oauth2/applications/@me, gateway/bot) and gets READY and GUILD_CREATE with every member', async () => {
		const login = await out.next('login');
		expect(login.application_id).to.equal(discord.applicationId);
		const ready = await out.next('ready');
		expect(ready.guilds).to.deep.equal(['EuroPython 2026']);
		expect(ready.members).to.deep.equal(['adam', 'dana', 'olivia', 'peter', 'sara', 'usher', 'victor']);
		expect(ready).to.include({ member_count: 7, chunked: true });
		expect(ready.roles).to.include.members(['@everyone', 'Participants', 'usher']);
		expect(discord.requests.map((r) => `${r.method} ${r.route}`).slice(0, 3)).to.deep.equal(['GET /gateway/bot', 'GET /users/@me', 'GET /oauth2/applications/@me']);
		// discord.py asks for zlib-stream transport compression and decodes it.
		expect(discord.gatewayStats).to.include({ identified: 1, zlibStreams: 1 });
	});

	it('posts a message with a button view', async () => {
		const posted = await out.next('posted');
		form = discord.findMessage('registration-form', (m) => m.id === posted.message_id)!;
		expect(form.author).to.equal('usher');
		expect(form.content).to.equal('Register your ticket:');
		expect(form.components[0].components[0]).to.include({ type: 2, label: 'Register', custom_id: 'dpy:open', style: 1 });
	});

	it('sees a member join', async () => {
		discord.addMember({ username: 'zoe', globalName: 'Zoe' });
		expect((await out.next('member_join')).user).to.equal('zoe');
	});

	it('receives the click and shows its modal', async () => {
		const opened = await discord.clickButton(userOf(), form, { label: 'Register' });
		expect(opened.callbackType).to.equal(9);
		expect(opened.modal?.title).to.equal('Conference registration');
		expect(discord.lastModal('zoe')?.interactionId).to.equal(opened.interactionId);
		expect(await out.next('click')).to.include({ user: 'zoe', custom_id: 'dpy:open', message_id: form.id });
	});

	it('receives the submit, sets the nickname and the role, and answers ephemerally', async () => {
		const answer = await discord.submitModal(userOf(), discord.lastModal('zoe')!, ['ABC12', 'Zoe Zed']);
		expect(answer).to.include({ callbackType: 4, ephemeral: true, content: 'Welcome, Zoe Zed! You are registered.' });
		expect(await out.next('modal_submit')).to.include({ user: 'zoe', order: 'ABC12', name: 'Zoe Zed' });
		expect(discord.member('zoe')).to.deep.include({ nick: 'Zoe Zed', roles: ['Participants'] });
		const edits = discord.requests.filter((r) => r.path.startsWith(`/guilds/${discord.guild.id}/members/${userOf().id}`));
		expect(edits.map((r) => [r.method, r.status, r.reason])).to.deep.equal([
			['PATCH', 200, 'registered (discord.py)'],
			['PUT', 204, 'registered (discord.py)']
		]);
		// The member updates come back over the gateway, as discord.py's cache sees them.
		await out.next('answered');
		const updated = await out.next('member_update', 0, (line) => line.roles.length > 0);
		expect(updated).to.deep.include({ user: 'zoe', nick: 'Zoe Zed', roles: ['Participants'] });
	});

	it('resumes after a dropped socket and keeps answering', async () => {
		const before = out.lines.length;
		discord.disconnectGateway(4000);
		await out.next('resumed', before);
		expect(discord.gatewayStats).to.include({ identified: 1, resumed: 1, zlibStreams: 2 });
		discord.addMember({ username: 'yann' });
		expect((await out.next('member_join', before)).user).to.equal('yann');
		const again = await discord.clickButton(discord.user('yann'), form, 'dpy:open');
		expect(again.modal?.title).to.equal('Conference registration');
	});

	it('made only requests the spec accepts and got only answers the spec describes', () => {
		expect(discord.specViolations).to.deep.equal([]);
		expect(discord.responseViolations).to.deep.equal([]);
		expect(discord.rateModel!.stats.limited).to.equal(0);
		expect(stderr).to.not.match(/Traceback|Error/);
	});

	it('refuses role ids as JSON numbers, as discord.py\'s member.edit(roles=…) sends them: the spec\'s snowflakes are strings', async () => {
		const role = discord.role('Speakers').id;
		const response = await fetch(`${discord.restUrl}/v10/guilds/${discord.guild.id}/members/${userOf().id}`, {
			method: 'PATCH',
			headers: { Authorization: `Bot ${discord.token}`, 'Content-Type': 'application/json' },
			body: `{"roles":[${role}]}`
		});
		expect(response.status).to.equal(400);
		expect(((await response.json()) as { code: number }).code).to.equal(50035);
		expect(discord.member('zoe').roles).to.deep.equal(['Participants']);
		expect(discord.specViolations.map((issue) => `${issue.method} ${issue.route}`)).to.deep.equal(['PATCH /guilds/{guild_id}/members/{user_id}']);
	});

	it('closes on SIGTERM', async () => {
		const exited = new Promise<number | null>((resolve) => bot.once('exit', resolve));
		bot.kill('SIGTERM');
		expect(await exited).to.equal(0);
		await out.next('closed');
	});
});
