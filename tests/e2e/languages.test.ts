import { expect } from 'chai';
import { Locale } from 'discord.js';
import { DateTime } from 'luxon';
import { languages } from '#lib/i18n/language';
import { MESSAGE_LIMIT } from '#lib/discord/limits';
import { RegistrationIds } from '#lib/registration/customIds';
import { DiscordStandIn, type UserRef } from '../standins/discord';
import { PretalxStandin } from '../standins/pretalx/server';
import { conferenceDay } from './support/programme';
import { PretixStandin } from '../standins/pretix/PretixStandin';
import { fixtureEvent } from '../fixtures/pretix/event';
import { OrderFactory } from '../standins/pretix/builders';
import { ITEM_IDS } from '../standins/pretix/generateEvent';
import { ThrowawayRedis } from '../helpers/redisServer';
import { logEntries, openForm, register } from './support/registration';
import { eventually, startBot, type RunningBot } from './support/startBot';

// @discordjs/rest tries a 5xx four times (three retries) before it gives up.
const DISCORD_ATTEMPTS = 4;

interface Described {
	name: string;
	description: string;
	description_localizations?: Record<string, string>;
	name_localizations?: Record<string, string> | null;
	options?: Described[];
	choices?: Array<{ name: string; value: string | number; name_localizations?: Record<string, string> }>;
}

/** The command, its subcommands and their options: everything a member reads a description of. */
const describedParts = (command: Described): Described[] => [command, ...(command.options ?? []).flatMap((option) => describedParts(option))];

/** Every part of `name` has its description in every language usher has, and its name only in English. */
function expectLocalized(discord: DiscordStandIn, name: string): Described {
	const command = discord.commands('guild').find((registered) => registered.name === name)!.body as unknown as Described;
	for (const part of describedParts(command)) {
		expect(Object.keys(part.description_localizations ?? {}).sort(), `${name} ${part.name}`).to.deep.equal([...languages].sort());
		expect(part.description_localizations!['en-US'], `${name} ${part.name}`).to.equal(part.description);
		expect(part.name_localizations ?? null, `${name} ${part.name}`).to.equal(null);
	}
	return command;
}

describe("e2e: members are answered in their Discord client's language", function () {
	this.timeout(30_000);
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretix: PretixStandin;
	let bot: RunningBot;
	let counter = 0;
	const orders = new OrderFactory('ep2026', (length) => 'l'.repeat(length));

	before(async () => {
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start();
		pretix = await PretixStandin.start(fixtureEvent());
		bot = await startBot({
			discord,
			redisUrl: redis.url,
			overrides: { programme: { enabled: false }, pretix: { base_url: pretix.origin, organizer: 'europython', event: 'ep2026' } },
			secrets: { PRETIX_TOKEN: pretix.token }
		});
		await eventually(() => discord.messagesIn('registration-form').length > 0, 'the form');
	});

	after(async () => {
		await bot?.kill();
		await discord?.close();
		await pretix?.close();
		await redis?.kill();
	});

	afterEach(() => discord.setGuildLocale(Locale.EnglishUS));

	/** A newcomer whose client runs in `locale`, with a ticket of their own in a fresh order. */
	const attendee = (locale: Locale, name: string): { user: UserRef; code: string } => {
		const code = `LNG${String(++counter).padStart(2, '0')}`;
		pretix.addOrder(orders.build({ code, positions: [{ item: ITEM_IDS.personal, variation: 104, name }] }, new Date()));
		const user = discord.addMember({ username: `lang${counter}` });
		discord.setLocale(user, locale);
		return { user, code };
	};

	it('gives the same registration in English, German and Japanese, each in its own language', async () => {
		const english = attendee(Locale.EnglishUS, 'Grace Hopper');
		const german = attendee(Locale.German, 'Zoë Ünal');
		const japanese = attendee(Locale.Japanese, '山田 花子');
		expect((await register(discord, english.user, english.code, 'Grace Hopper')).content).to.equal('✅ Welcome, Grace Hopper! You are registered.\nYour roles: Participants, Onsite Participants.\nYour nickname is now **Grace Hopper**, your virtual badge.');
		expect((await register(discord, german.user, german.code, 'Zoë Ünal')).content).to.match(/^✅ Willkommen, Zoë Ünal! Du bist registriert\.\nDeine Rollen: .+\.\nDein Nickname ist jetzt \*\*Zoë Ünal\*\*, dein virtuelles Namensschild\.$/);
		expect((await register(discord, japanese.user, japanese.code, '山田 花子')).content).to.match(/^✅ ようこそ、山田 花子さん！ 登録が完了しました。\nあなたのロール：/);
		expect(discord.specViolations).to.deep.equal([]);
	});

	it('shows the form itself in the member\'s language, and a refusal too', async () => {
		const { user } = attendee(Locale.German, 'Max Mustermann');
		const modal = await openForm(discord, user);
		expect(modal.title).to.equal('Registrierung: EuroPython 2026');
		expect(modal.components.map((label) => label.label)).to.deep.equal(['Bestellcode', 'Name auf dem Ticket']);
		expect((await register(discord, user, 'NOSUCH9', 'Max Mustermann')).content).to.match(/^Ich finde keine Bestellung mit dem Code `NOSUCH9`\./);
	});

	it('answers a language usher has no texts for in the server\'s language, else in English', async () => {
		const { user } = attendee(Locale.Korean, 'Kim Minji');
		expect((await register(discord, user, 'NOSUCH8', 'Kim Minji')).content).to.match(/^I cannot find an order with the code `NOSUCH8`\./);
		discord.setGuildLocale(Locale.French);
		expect((await register(discord, user, 'NOSUCH8', 'Kim Minji')).content).to.match(/^Je ne trouve aucune commande avec le code `NOSUCH8`\./);
		discord.setLocale(user, Locale.SpanishLATAM);
		expect((await register(discord, user, 'NOSUCH8', 'Kim Minji')).content).to.match(/^No encuentro ningún pedido con el código `NOSUCH8`\./);
	});

	it('answers a failure in Japanese to a member whose Discord runs in Japanese', async () => {
		const { user } = attendee(Locale.Japanese, '佐藤 一郎');
		const form = discord.messagesIn('registration-form').at(-1)!;
		discord.failNext({ route: /^POST \/interactions\/\d+\/[^/]+\/callback$/, status: 500, times: DISCORD_ATTEMPTS });
		const result = await discord.clickButton(user, form, RegistrationIds.button);
		expect(result.modal).to.equal(undefined);
		expect(result.ephemeral).to.equal(true);
		expect(result.content).to.match(/^こちら側で問題が発生し、処理を完了できませんでした。1分ほどしてからもう一度お試しください。何度も起きる場合は <#\d+> でお尋ねください。$/);
	});

	it('answers an organizer whose Discord runs in German in German, and a member refused in theirs', async () => {
		const [olivia, adam] = [discord.user('olivia'), discord.user('adam')];
		discord.setLocale(olivia, Locale.German);
		try {
			expect((await discord.runCommand(olivia, 'registration', { subcommand: 'lookup', channel: 'organisers' })).content).to.equal(
				'Sag mir, wonach ich suchen soll: Wähl ein Mitglied oder gib einen Bestellcode oder einen Namen ein.'
			);
			const { user, code } = attendee(Locale.French, 'Ida Pfeiffer');
			const byHand = await discord.runCommand(olivia, 'registration', { subcommand: 'register', options: { member: { id: user.id }, order: code, name: 'Ida Pfeiffer', reason: 'am Infostand' }, channel: 'organisers' });
			expect(byHand.content).to.match(new RegExp(`^<@${user.id}> für 1 Ticket registriert( und diese Rollen vergeben: .+\\.|\\. Discord taktet Rollenänderungen)`));
			expect((await discord.runCommand(olivia, 'registration', { subcommand: 'register', options: { member: { id: user.id }, order: 'NOSUCH7', name: 'Ida Pfeiffer', reason: 'Test' }, channel: 'organisers' })).content).to.equal(
				'pretix hat kein gültiges Ticket in der Bestellung `NOSUCH7` (unbekannt, unbezahlt oder storniert).'
			);
			expect((await discord.runCommand(olivia, 'ping')).content).to.match(/^Pong! Hin und zurück \d+ ms, Gateway-Heartbeat /);
			// Adam may see the command but is no organizer; his Discord runs in French, so the refusal is in French.
			discord.setLocale(adam, Locale.French);
			const refused = await discord.runCommand(adam, 'stats', { subcommand: 'members', channel: 'organisers' });
			expect(refused.ephemeral).to.equal(true);
			expect(refused.content).to.equal(
				'Désolé, seule l’équipe d’organisation peut utiliser ceci. Si vous en faites partie et voyez ce message, demandez à un autre membre de l’équipe de vérifier vos rôles.'
			);
		} finally {
			discord.setLocale(olivia, Locale.EnglishUS);
			discord.setLocale(adam, Locale.EnglishUS);
		}
		expect(discord.specViolations).to.deep.equal([]);
	});

	it('registers /registration and /stats with every description in every language, names in English', async () => {
		await eventually(() => ['registration', 'stats'].every((name) => discord.commands('guild').some((command) => command.name === name)), 'the organizer commands');
		const registration = expectLocalized(discord, 'registration');
		expect(registration.description_localizations!.de).to.equal('Helpdesk: Tickets nachschlagen, freigeben oder von Hand registrieren.');
		const lookup = registration.options!.find((option) => option.name === 'lookup')!;
		expect(lookup.options!.find((option) => option.name === 'order')!.description_localizations!.ja).to.equal('注文コード（例：ABC12）');
		expectLocalized(discord, 'stats');
		expect(discord.specViolations).to.deep.equal([]);
	});

	it('registers /ping with its description in every language usher has', async () => {
		await eventually(() => discord.commands('guild').some((command) => command.name === 'ping'), 'the commands');
		const ping = discord.commands('guild').find((command) => command.name === 'ping')!.body as { description: string; description_localizations?: Record<string, string> };
		expect(ping.description).to.equal('Check that the bot is alive and how fast it answers.');
		expect(Object.keys(ping.description_localizations ?? {}).sort()).to.deep.equal(['cs', 'de', 'en-US', 'es-ES', 'fr', 'it', 'ja', 'pt-BR']);
		expect(ping.description_localizations!.de).to.equal('Prüfen, ob der Bot läuft und wie schnell er antwortet.');
		expect(discord.specViolations).to.deep.equal([]);
	});
});

describe('e2e: a German conference with English below it: the public form and the programme command', function () {
	this.timeout(60_000);
	const TIMEZONE = 'Europe/Prague';
	let redis: ThrowawayRedis;
	let discord: DiscordStandIn;
	let pretix: PretixStandin;
	let pretalx: PretalxStandin;
	let bot: RunningBot;

	before(async () => {
		redis = await ThrowawayRedis.start();
		discord = await DiscordStandIn.start();
		pretix = await PretixStandin.start(fixtureEvent());
		pretalx = await new PretalxStandin(conferenceDay({ date: DateTime.now().setZone(TIMEZONE).plus({ days: 1 }).toISODate()!, timezone: TIMEZONE, slots: [] })).start();
		bot = await startBot({
			discord,
			redisUrl: redis.url,
			overrides: {
				bot: { language: 'de', second_language: 'en' },
				programme: { url: pretalx.frabUrl, timezone: TIMEZONE, refresh_minutes: 60 },
				pretix: { base_url: pretix.origin, organizer: 'europython', event: 'ep2026' }
			},
			secrets: { PRETIX_TOKEN: pretix.token },
			readyTimeoutMs: 60_000
		});
		await eventually(() => discord.messagesIn('registration-form').length > 0, 'the form');
	});

	after(async () => {
		await bot?.kill();
		await discord?.close();
		await pretix?.close();
		await pretalx?.stop();
		await redis?.kill();
	});

	it('posts the form in German with an English block below it, and one button named in both', () => {
		const forms = discord.messagesIn('registration-form');
		expect(forms).to.have.length(1);
		const [german, english] = forms[0]!.content.split('\n\n');
		expect(german).to.match(/^## Willkommen bei EuroPython 2026 auf Discord! 🎉\nRegistriere dich hier, /);
		expect(german).to.match(/\nDu kommst nicht weiter\? Frag in <#\d+>, dort hilft dir das Orga-Team\.$/);
		expect(english).to.match(/^### Welcome to EuroPython 2026 on Discord! 🎉\nRegister here to get your roles /);
		expect(english).to.match(/\nStuck\? Ask in <#\d+> and an organizer will help\.$/);
		expect(forms[0]!.content.length).to.be.at.most(MESSAGE_LIMIT);
		const buttons = forms[0]!.components.flatMap((row) => row.components as Array<{ label: string; custom_id: string }>);
		expect(buttons.map((button) => [button.label, button.custom_id])).to.deep.equal([['Registrieren / Register', RegistrationIds.button]]);
		expect(discord.specViolations).to.deep.equal([]);
	});

	it('answers a member whose client and server languages usher has no texts for in the configured German', async () => {
		const user = discord.addMember({ username: 'minji' });
		discord.setLocale(user, Locale.Korean);
		discord.setGuildLocale(Locale.Turkish);
		expect((await register(discord, user, 'NOSUCH6', 'Kim Minji')).content).to.match(/^Ich finde keine Bestellung mit dem Code `NOSUCH6`\./);
	});

	it('writes the log channel in the configured German, whatever the member reads', async () => {
		const orders = new OrderFactory('ep2026', (length) => 'g'.repeat(length));
		pretix.addOrder(orders.build({ code: 'GER01', positions: [{ item: ITEM_IDS.personal, variation: 104, name: 'Emmy Noether' }] }, new Date()));
		const user = discord.addMember({ username: 'emmy' });
		discord.setLocale(user, Locale.Japanese);
		expect((await register(discord, user, 'GER01', 'Emmy Noether')).content).to.match(/^✅ ようこそ、Emmy Noetherさん！/);
		await eventually(() => logEntries(discord).some((entry) => entry.includes(`<@${user.id}>`)), 'the log entry');
		expect(logEntries(discord).find((entry) => entry.includes(`<@${user.id}>`))).to.match(new RegExp(`^✅ <@${user.id}> hat sich als \\*\\*Emmy Noether\\*\\* registriert \\(Bestellung GER01: .+\\) → .+$`));
	});

	it('registers /programme with every description in every language', async () => {
		await eventually(() => discord.commands('guild').some((command) => command.name === 'programme'), 'the programme command', 30_000);
		const programme = expectLocalized(discord, 'programme');
		expect(programme.options!.find((option) => option.name === 'refresh')!.description_localizations!.fr).to.equal('Récupérer le programme maintenant et dire ce qui a changé');
		expect(discord.specViolations).to.deep.equal([]);
	});

	it('registers /agenda with every description in every language, and its choices named in every language (values English)', async () => {
		await eventually(() => discord.commands('guild').some((command) => command.name === 'agenda'), 'the agenda command', 30_000);
		const agenda = expectLocalized(discord, 'agenda');
		expect(agenda.description_localizations!.de).to.equal('Dein eigenes Programm: Vorträge vormerken und deinen Tag sehen.');
		const option = (subcommand: string, name: string) => agenda.options!.find((sub) => sub.name === subcommand)!.options!.find((candidate) => candidate.name === name)!;
		expect(option('add', 'session').description_localizations!.ja).to.equal('タイトル、登壇者、部屋の名前を入力');
		const when = option('list', 'when').choices!;
		expect(when.map((choice) => [choice.value, choice.name, choice.name_localizations!.de, choice.name_localizations!.ja])).to.deep.equal([
			['today', 'today', 'heute', '今日'],
			['upcoming', 'upcoming', 'kommend', '今後']
		]);
		const minutes = option('reminders', 'minutes').choices!;
		expect(minutes.map((choice) => [choice.value, choice.name, choice.name_localizations!.cs])).to.deep.equal([
			[0, 'off', 'vypnuto'],
			[5, '5 minutes before', '5 minut předem'],
			[10, '10 minutes before', '10 minut předem'],
			[15, '15 minutes before', '15 minut předem'],
			[30, '30 minutes before', '30 minut předem'],
			[60, '60 minutes before', '60 minut předem']
		]);
		for (const choice of [...when, ...minutes]) expect(Object.keys(choice.name_localizations!).sort(), String(choice.value)).to.deep.equal([...languages].sort());
		expect(discord.specViolations).to.deep.equal([]);
	});

	it('switches the form to the offline notice in both languages on shutdown, in place', async () => {
		expect(await bot.stop()).to.equal(0);
		const forms = discord.messagesIn('registration-form');
		expect(forms).to.have.length(1);
		expect(forms[0]!.content).to.match(/^## Willkommen bei EuroPython 2026 auf Discord! 🎉\nDie Registrierung ist kurz offline: .+\n\n### Welcome to EuroPython 2026 on Discord! 🎉\nRegistration is offline for a moment: /s);
		expect(forms[0]!.components).to.deep.equal([]);
	});
});
