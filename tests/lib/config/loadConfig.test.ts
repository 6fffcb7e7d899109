import { expect } from 'chai';
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '#lib/config/ConfigError';
import { loadConfig } from '#lib/config/loadConfig';

const exampleConfig = join(__dirname, '..', '..', '..', 'config', 'config.toml');
const env = { DISCORD_BOT_TOKEN: 'discord-secret-value', PRETIX_TOKEN: 'pretix-secret-value' };

describe('config/loadConfig', () => {
	let root: string;
	beforeEach(() => {
		root = mkdtempSync(join(tmpdir(), 'usher-config-'));
		mkdirSync(join(root, 'config'));
		copyFileSync(exampleConfig, join(root, 'config', 'config.toml'));
	});
	afterEach(() => rmSync(root, { recursive: true, force: true }));

	const local = (text: string) => writeFileSync(join(root, 'config', 'config.local.toml'), text);
	const message = (fn: () => unknown) => {
		try {
			fn();
		} catch (error) {
			expect(error).to.be.instanceOf(ConfigError);
			return (error as Error).message;
		}
		throw new Error('expected a ConfigError');
	};

	it('loads the documented example with defaults filled in', () => {
		const config = loadConfig({ rootDir: root, env });
		expect(config.programme.timezone).to.equal('Europe/Prague');
		expect(config.redis.url).to.equal('redis://127.0.0.1:6379');
		expect(config.registration.roles.items.Presenter).to.include('Speakers');
		expect(config.sources).to.deep.equal(['config/config.toml']);
		expect(config.secrets.discordBotToken).to.equal('discord-secret-value');
		expect(config.registration.attempt_log_retention_days).to.equal(30);
	});

	it('takes the attempt log retention from config.local.toml and refuses less than a day', () => {
		local('[registration]\nattempt_log_retention_days = 7\n');
		expect(loadConfig({ rootDir: root, env }).registration.attempt_log_retention_days).to.equal(7);
		local('[registration]\nattempt_log_retention_days = 0\n');
		expect(message(() => loadConfig({ rootDir: root, env }))).to.include('registration.attempt_log_retention_days');
	});

	it('deep-merges config.local.toml: tables key by key, lists replaced', () => {
		local('[discord]\nguild = "123456789012345678"\n[programme]\nextra_files = ["open-spaces.json"]\n[programme.rooms]\n"Main Stage" = "main-stage"\n');
		const config = loadConfig({ rootDir: root, env });
		expect(config.discord.guild).to.equal('123456789012345678');
		expect(config.discord.organizer_roles).to.deep.equal(['Organisers']);
		expect(config.programme.extra_files).to.deep.equal(['open-spaces.json']);
		expect(config.programme.rooms['Main Stage']).to.equal('main-stage');
		expect(config.programme.rooms['Forum Hall']).to.equal('forum-hall');
		expect(config.sources).to.deep.equal(['config/config.toml', 'config/config.local.toml']);
	});

	it('names the key and the file of a bad value', () => {
		local('[registration]\nmax_failed_attempts = "five"\n');
		expect(message(() => loadConfig({ rootDir: root, env }))).to.equal(
			'Config error: registration.max_failed_attempts in config/config.local.toml: expected number (got "five").'
		);
	});

	it('takes an optional second language for public posts, checked like the first', () => {
		expect(loadConfig({ rootDir: root, env }).bot.second_language).to.equal(undefined);
		local('[bot]\nlanguage = "de"\nsecond_language = "en"\n');
		expect(loadConfig({ rootDir: root, env }).bot).to.include({ language: 'de', second_language: 'en' });
		local('[bot]\nsecond_language = 5\n');
		expect(message(() => loadConfig({ rootDir: root, env }))).to.match(/^Config error: bot\.second_language in config\/config\.local\.toml: expected string/);
	});

	it('names an access role that no ticket gives', () => {
		local('[registration]\naccess_role = "Participnts"\n');
		expect(message(() => loadConfig({ rootDir: root, env }))).to.equal(
			'Config error: registration.access_role in config/config.local.toml: expected one of the roles tickets give (registration.roles) (got "Participnts").'
		);
	});

	it('names an unknown key (a typo) and its file', () => {
		local('[programme]\nlead_minuts = 3\n');
		expect(message(() => loadConfig({ rootDir: root, env }))).to.equal(
			'Config error: programme.lead_minuts in config/config.local.toml: unknown key (check the spelling against config/config.toml).'
		);
	});

	it('names a missing key', () => {
		writeFileSync(join(root, 'config', 'config.toml'), '[discord]\norganizer_roles = ["Organisers"]\nlog_channel = "log"\n');
		expect(message(() => loadConfig({ rootDir: root, env }))).to.match(/^Config error: discord\.guild is missing in config\/config\.toml\. \(and \d+ more problems\)$/);
	});

	it('rejects a time zone that does not exist', () => {
		local('[programme]\ntimezone = "Europe/Atlantis"\n');
		expect(message(() => loadConfig({ rootDir: root, env }))).to.equal(
			'Config error: programme.timezone in config/config.local.toml: expected an IANA time zone such as "Europe/Prague" (got "Europe/Atlantis").'
		);
	});

	it('reports TOML syntax errors with file and line', () => {
		local('[bot]\nlog_level = "info"\nthis is not toml\n');
		expect(message(() => loadConfig({ rootDir: root, env }))).to.match(/^Config error: config\/config\.local\.toml line 3: not valid TOML \(.+\)\.$/);
	});

	it('reports a missing config file', () => {
		rmSync(join(root, 'config', 'config.toml'));
		expect(message(() => loadConfig({ rootDir: root, env }))).to.equal('Config error: config/config.toml not found.');
	});

	it('names a missing secret without printing any secret', () => {
		expect(message(() => loadConfig({ rootDir: root, env: { PRETIX_TOKEN: 'pretix-secret-value' } }))).to.equal(
			'Config error: the secret DISCORD_BOT_TOKEN is not set (set it in the environment or in .secrets).'
		);
		const text = message(() => loadConfig({ rootDir: root, env: { DISCORD_BOT_TOKEN: 'discord-secret-value' } }));
		expect(text).to.equal('Config error: the secret PRETIX_TOKEN is not set, and registration is enabled (set it in the environment or in .secrets).');
		expect(text).to.not.include('discord-secret-value');
	});

	it('reads secrets from .secrets, with the environment winning', () => {
		writeFileSync(join(root, '.secrets'), 'DISCORD_BOT_TOKEN=from-file\nPRETIX_TOKEN="pretix-from-file"\n');
		const fromFile = loadConfig({ rootDir: root, env: {} });
		expect(fromFile.secrets).to.include({ discordBotToken: 'from-file', pretixToken: 'pretix-from-file' });
		const fromEnv = loadConfig({ rootDir: root, env: { DISCORD_BOT_TOKEN: 'from-env' } });
		expect(fromEnv.secrets.discordBotToken).to.equal('from-env');
	});

	it('requires the webhook secret only when the webhook is on', () => {
		local('[pretix.webhook]\nenabled = true\n');
		expect(message(() => loadConfig({ rootDir: root, env }))).to.equal(
			'Config error: the secret PRETIX_WEBHOOK_SECRET is not set, and pretix.webhook.enabled is true (set it in the environment or in .secrets).'
		);
	});
});

describe('config/loadConfig REDIS_URL', () => {
	it('lets REDIS_URL override [redis] url and names it when it is bad', () => {
		const root = mkdtempSync(join(tmpdir(), 'usher-config-'));
		mkdirSync(join(root, 'config'));
		copyFileSync(exampleConfig, join(root, 'config', 'config.toml'));
		try {
			expect(loadConfig({ rootDir: root, env: { ...env, REDIS_URL: 'redis://127.0.0.1:6390' } }).redis.url).to.equal('redis://127.0.0.1:6390');
			expect(() => loadConfig({ rootDir: root, env: { ...env, REDIS_URL: 'http://nope' } })).to.throw(
				'Config error: redis.url in the REDIS_URL environment variable: expected a redis:// URL (got "http://nope").'
			);
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});

describe('config/loadConfig: where the services are, from the environment', () => {
	it('takes the guild, pretix and programme from their variables and USHER_CONFIG as the local file', () => {
		const root = mkdtempSync(join(tmpdir(), 'usher-config-'));
		mkdirSync(join(root, 'config'));
		copyFileSync(exampleConfig, join(root, 'config', 'config.toml'));
		writeFileSync(join(root, 'run.toml'), '[bot]\ndata_file = "/tmp/run/usher.sqlite"\n[pretix]\nevent = "from-file"\n');
		try {
			const config = loadConfig({
				rootDir: root,
				env: {
					...env,
					USHER_CONFIG: 'run.toml',
					DISCORD_GUILD_ID: '1234567890',
					PRETIX_URL: 'http://127.0.0.1:9000',
					PRETIX_ORGANIZER: 'acme',
					PRETIX_EVENT: 'acme26',
					PROGRAMME_URL: 'http://127.0.0.1:9001/schedule.json'
				}
			});
			expect(config.discord.guild).to.equal('1234567890');
			expect(config.pretix).to.include({ base_url: 'http://127.0.0.1:9000', organizer: 'acme', event: 'acme26' });
			expect(config.programme.url).to.equal('http://127.0.0.1:9001/schedule.json');
			expect(config.bot.data_file).to.equal('/tmp/run/usher.sqlite');
			expect(config.sources).to.deep.equal(['config/config.toml', 'run.toml']);
			expect(() => loadConfig({ rootDir: root, env: { ...env, USHER_CONFIG: 'missing.toml' } })).to.throw('Config error: missing.toml (USHER_CONFIG) not found.');
			expect(() => loadConfig({ rootDir: root, env: { ...env, PRETIX_URL: 'ftp://x' } })).to.throw('Config error: pretix.base_url in the PRETIX_URL environment variable: expected an http(s) URL');
		} finally {
			rmSync(root, { recursive: true, force: true });
		}
	});
});
