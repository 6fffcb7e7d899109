import { expect } from 'chai';
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScenario, ScenarioError } from './scenario';

describe('sandbox', () => {
	describe('parseScenario', () => {
		it('reads every kind of step, ignoring comments and blank lines', () => {
			const steps = parseScenario('# morning\n\njoin ada\nregister ada #abc12-1 Ada  Lovelace\ncommand olivia stats members share=true\nwait 1.5s\nexpect #registration-log registered as\n');
			expect(steps.map((step) => step.kind)).to.deep.equal(['join', 'register', 'command', 'wait', 'expect']);
			expect(steps[1]).to.include({ user: 'ada', order: '#abc12-1', name: 'Ada Lovelace' });
			expect(steps[2]).to.deep.include({ name: 'stats', subcommand: 'members', options: { share: 'true' } });
			expect(steps[3]).to.include({ ms: 1500 });
			expect(steps[4]).to.include({ target: '#registration-log', text: 'registered as' });
		});

		it('names the line of a bad step', () => {
			expect(() => parseScenario('join ada\nregister ada ABC12')).to.throw(ScenarioError, 'line 2: register needs <user> <order code> <name>');
			expect(parseScenario('register@de zoe GRP34 Zoë Ünal')[0]).to.deep.include({ kind: 'register', user: 'zoe', name: 'Zoë Ünal', locale: 'de' });
			expect(() => parseScenario('register@xx zoe GRP34 Zoë')).to.throw(ScenarioError, 'line 1: register@xx: only register takes @<locale>');
			expect(() => parseScenario('wait soon')).to.throw(ScenarioError, 'line 1: wait needs a duration like 2s or 500ms');
			expect(() => parseScenario('dance ada')).to.throw(ScenarioError, 'line 1: unknown step "dance"');
		});

		it('reads the Q&A steps: a question, a vote by number, the chair’s list, each naming its room channel', () => {
			const steps = parseScenario('ask ada #forum-hall Does it   work with @everyone?\nvote zoe #forum-hall 2\nqa-top dana #forum-hall\n');
			expect(steps).to.deep.equal([
				{ kind: 'ask', user: 'ada', room: 'forum-hall', question: 'Does it work with @everyone?', line: 1 },
				{ kind: 'vote', user: 'zoe', room: 'forum-hall', question: 2, line: 2 },
				{ kind: 'qa-top', user: 'dana', room: 'forum-hall', line: 3 }
			]);
		});

		it('names the line of a bad Q&A step', () => {
			expect(() => parseScenario('ask ada #forum-hall')).to.throw(ScenarioError, 'line 1: ask needs <user> <#room-channel> <question>');
			expect(() => parseScenario('join ada\nask ada forum-hall Why?')).to.throw(ScenarioError, 'line 2: ask: "forum-hall" is not a channel; name the room channel like #forum-hall');
			expect(() => parseScenario('vote zoe #forum-hall')).to.throw(ScenarioError, 'line 1: vote needs <user> <#room-channel> <question number>');
			expect(() => parseScenario('vote zoe #forum-hall first')).to.throw(ScenarioError, 'line 1: vote needs the question\'s number, 1 for the first asked in the thread, not "first"');
			expect(() => parseScenario('vote zoe #forum-hall 0')).to.throw(ScenarioError, 'not "0"');
			expect(() => parseScenario('qa-top dana')).to.throw(ScenarioError, 'line 1: qa-top needs <user> <#room-channel>');
			expect(() => parseScenario('qa-top dana @forum-hall')).to.throw(ScenarioError, 'line 1: qa-top: "@forum-hall" is not a channel');
			expect(() => parseScenario('ask@de zoe #forum-hall Warum?')).to.throw(ScenarioError, 'line 1: ask@de: only register takes @<locale>');
		});
	});

	it('`npm run sandbox -- --script` boots the real bot, plays the scenario, prints the guild and exits 0', function () {
		this.timeout(90_000);
		const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(__dirname, 'main.ts'), '--script', join(__dirname, 'scripts', 'demo.txt')], {
			encoding: 'utf8',
			env: { ...process.env, REDIS_URL: '' },
			timeout: 80_000
		});
		expect(result.status, result.stderr + result.stdout).to.equal(0);
		expect(result.stdout).to.match(/usher is ready in "EuroPython 2026"/);
		expect(result.stdout).to.include('#registration-log  usher: ✅ @ada registered as **Ada Lovelace**');
		expect(result.stdout).to.include('Registration is offline for a moment');
		// The keynote's Q&A thread, a question in it with two votes, and the chair's list, as the transcript shows them.
		expect(result.stdout).to.include('#forum-hall › Q&A · Keynote: Debugging pandas  thread created');
		expect(result.stdout).to.include('#forum-hall › Q&A · Keynote: Debugging pandas  usher: ❓ **Ada Lovelace** asks: ⏎ How do I find which line made pandas copy my DataFrame?');
		expect(result.stdout).to.include('@peter clicked [👍 1] (usher:qa:vote:1)');
		expect(result.stdout).to.include('(only @dana sees this)  usher: **Top questions: Keynote: Debugging pandas** ⏎ Waiting: 1 · answered: 0 · hidden: 0 ⏎ **1.** 👍 2 ·');
	});

	it('a Q&A step naming a channel the guild lacks stops the scenario with its line, and the sandbox exits 1', function () {
		this.timeout(90_000);
		const script = join(mkdtempSync(join(tmpdir(), 'usher-sandbox-')), 'typo.txt');
		writeFileSync(script, '# a typo in the room\nask peter #forum-hal Is this the keynote?\n');
		const result = spawnSync(process.execPath, [require.resolve('tsx/cli'), join(__dirname, 'main.ts'), '--script', script], {
			encoding: 'utf8',
			env: { ...process.env, REDIS_URL: '' },
			timeout: 80_000
		});
		expect(result.status, result.stderr + result.stdout).to.equal(1);
		expect(result.stderr).to.include('sandbox: line 2: there is no channel #forum-hal');
		expect(result.stdout).to.include('Stopping the bot (SIGTERM)…');
	});

	it('Ctrl-C (SIGINT to the whole process group) after the first programme posts ends every process it started within 5 s', async function () {
		this.timeout(90_000);
		// Its own process group, as a terminal gives it; the bot and the throwaway redis-server are in it too. Started
		// as `npm run sandbox` starts it: node with tsx's loader, no tsx CLI wrapper (that one SIGKILLs a child slow to
		// confirm a signal, which a busy machine always is).
		const sandbox = spawn(process.execPath, ['--require', require.resolve('tsx/cjs'), join(__dirname, 'main.ts')], {
			env: { ...process.env, REDIS_URL: '' },
			detached: true,
			stdio: ['ignore', 'pipe', 'pipe']
		});
		let output = '';
		const firstPost = new Promise<void>((resolve, reject) => {
			const timer = setTimeout(() => reject(new Error(`no programme post within 60 s; the sandbox printed:\n${output}`)), 60_000);
			const read = (chunk: Buffer) => {
				output += chunk.toString();
				if (/#programme-notifications +usher: /.test(output) && output.includes('Demo played')) {
					clearTimeout(timer);
					resolve();
				}
			};
			sandbox.stdout.on('data', read);
			sandbox.stderr.on('data', read);
		});
		const group = sandbox.pid!;
		try {
			await firstPost;
			process.kill(-group, 'SIGINT');
			const deadline = Date.now() + 5000;
			while (groupAlive(group) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
			expect(groupAlive(group), `processes left in the sandbox's group 5 s after Ctrl-C; it printed:\n${output}`).to.equal(false);
			const tail = output.split('\n').slice(-30).join('\n');
			expect(output, tail).to.match(/SIGINT received: shutting down/);
			expect(output.includes('Registration is offline for a moment'), `no offline notice; the sandbox printed last:\n${tail}`).to.equal(true);
		} finally {
			if (groupAlive(group)) process.kill(-group, 'SIGKILL');
		}
	});
});

/** Whether any process of the group is still running (signal 0 only checks). */
function groupAlive(group: number): boolean {
	try {
		process.kill(-group, 0);
		return true;
	} catch {
		return false;
	}
}
