import { expect } from 'chai';
import { Locale } from 'discord.js';
import { DiscordStandIn, type UserRef } from '../standins/discord';
import { PretixStandin } from '../standins/pretix/PretixStandin';
import { fixtureEvent } from '../fixtures/pretix/event';
import { OrderFactory } from '../standins/pretix/builders';
import { ITEM_IDS } from '../standins/pretix/generateEvent';
import { ThrowawayRedis } from '../helpers/redisServer';
import { openForm, register } from './support/registration';
import { eventually, startBot, type RunningBot } from './support/startBot';

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

	it('registers /ping with its description in every language usher has', async () => {
		await eventually(() => discord.commands('guild').some((command) => command.name === 'ping'), 'the commands');
		const ping = discord.commands('guild').find((command) => command.name === 'ping')!.body as { description: string; description_localizations?: Record<string, string> };
		expect(ping.description).to.equal('Check that the bot is alive and how fast it answers.');
		expect(Object.keys(ping.description_localizations ?? {}).sort()).to.deep.equal(['cs', 'de', 'en-US', 'es-ES', 'fr', 'it', 'ja', 'pt-BR']);
		expect(ping.description_localizations!.de).to.equal('Prüfen, ob der Bot läuft und wie schnell er antwortet.');
		expect(discord.specViolations).to.deep.equal([]);
	});
});
