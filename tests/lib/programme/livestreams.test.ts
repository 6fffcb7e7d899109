import { expect } from 'chai';
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { languages } from '#lib/i18n/language';
import { textsFor } from '#lib/i18n/texts';
import { livestreamFor, LivestreamConfigError, LivestreamWatcher, parseLivestreams, topicFor, topicNeedsUpdate } from '#lib/programme/livestreams';

const ZONE = 'Europe/Prague';
const TOML_TEXT = `
[rooms.forum-hall]
name = "Forum Hall"
"2026-07-16" = "https://youtu.be/day2"
"2026-07-15" = "https://youtu.be/day1"
`;

describe('programme/livestreams', () => {
	it('loads the example config shipped in config/', () => {
		const table = parseLivestreams(readFileSync(join(__dirname, '..', '..', '..', 'config', 'livestreams.toml'), 'utf8'));
		expect(table.get('Forum Hall')?.size).to.be.greaterThan(0);
	});

	it('finds the stream by conference-local day', () => {
		const table = parseLivestreams(TOML_TEXT);
		// 23:30 UTC on the 15th is already the 16th in Prague.
		expect(livestreamFor(table, 'Forum Hall', new Date('2026-07-15T23:30:00Z'), ZONE)).to.equal('https://youtu.be/day2');
		expect(livestreamFor(table, 'Forum Hall', new Date('2026-07-15T08:00:00Z'), ZONE)).to.equal('https://youtu.be/day1');
		expect(livestreamFor(table, 'Cellar', new Date('2026-07-15T08:00:00Z'), ZONE)).to.equal(undefined);
	});

	it('rejects bad files with a message naming the problem', () => {
		expect(() => parseLivestreams('[rooms.x]\nname = "X"\n"tomorrow" = "https://a.example"')).to.throw(LivestreamConfigError, /"tomorrow" is not a date/);
		expect(() => parseLivestreams('[rooms.x]\nname = "X"\n"2026-07-15" = "not a url"')).to.throw(LivestreamConfigError, /URL/);
		expect(() => parseLivestreams('[rooms.x]\n"2026-07-15" = "https://a.example"')).to.throw(LivestreamConfigError, /name/);
		expect(() => parseLivestreams('[rooms')).to.throw(LivestreamConfigError, /not valid TOML/);
	});

	it('adds stream links to the topic from a day before the first stream, sorted by date', () => {
		const table = parseLivestreams(TOML_TEXT);
		expect(topicFor('Forum Hall', table, new Date('2026-07-10T10:00:00Z'), ZONE)).to.equal('Channel for room Forum Hall');
		const topic = topicFor('Forum Hall', table, new Date('2026-07-14T10:00:00Z'), ZONE);
		expect(topic).to.equal('Channel for room Forum Hall\n\nLivestream Wednesday: [Watch live](https://youtu.be/day1)\nLivestream Thursday: [Watch live](https://youtu.be/day2)');
		expect(topicNeedsUpdate(topic, topic)).to.equal(false);
		expect(topicNeedsUpdate(null, topic)).to.equal(true);
		expect(topicNeedsUpdate('Channel for room Forum Hall', topic)).to.equal(true);
	});

	it('writes the topic in the language of the texts, with that language\'s day names', () => {
		const table = parseLivestreams(TOML_TEXT);
		const day = new Date('2026-07-14T10:00:00Z');
		expect(topicFor('Forum Hall', table, new Date('2026-07-10T10:00:00Z'), ZONE, textsFor('de', 'programme'))).to.equal('Kanal für den Raum Forum Hall');
		expect(topicFor('Forum Hall', table, day, ZONE, textsFor('de', 'programme'))).to.equal(
			'Kanal für den Raum Forum Hall\n\nLivestream am Mittwoch: [Live ansehen](https://youtu.be/day1)\nLivestream am Donnerstag: [Live ansehen](https://youtu.be/day2)'
		);
		expect(topicFor('Forum Hall', table, day, ZONE, textsFor('ja', 'programme'))).to.equal(
			'Forum Hall のチャンネル\n\nライブ配信（水曜日）：[ライブで見る](https://youtu.be/day1)\nライブ配信（木曜日）：[ライブで見る](https://youtu.be/day2)'
		);
	});

	it("keeps the topic within Discord's 1024 characters in every language, however many stream days", () => {
		const room = 'Forum Hall '.repeat(10).trim();
		const days = Array.from({ length: 20 }, (_, index) => `"2026-07-${10 + index}" = "https://stream.example/${'s'.repeat(90)}"`);
		const table = parseLivestreams(`[rooms.forum-hall]\nname = "${room}"\n${days.join('\n')}`);
		for (const language of languages) expect(topicFor(room, table, new Date('2026-07-10T10:00:00Z'), ZONE, textsFor(language, 'programme')).length, language).to.be.at.most(1024);
	});

	it('the watcher re-reads on mtime change and keeps the last good table on a broken edit', () => {
		const dir = mkdtempSync(join(tmpdir(), 'usher-live-'));
		try {
			const file = join(dir, 'livestreams.toml');
			writeFileSync(file, TOML_TEXT);
			const watcher = new LivestreamWatcher(file);
			expect(watcher.table().get('Forum Hall')?.get('2026-07-15')).to.equal('https://youtu.be/day1');
			writeFileSync(file, TOML_TEXT.replace('day1', 'day1-new'));
			utimesSync(file, new Date(), new Date(Date.now() + 5000));
			expect(watcher.table().get('Forum Hall')?.get('2026-07-15')).to.equal('https://youtu.be/day1-new');
			writeFileSync(file, '[rooms');
			utimesSync(file, new Date(), new Date(Date.now() + 10_000));
			expect(watcher.table().get('Forum Hall')?.get('2026-07-15')).to.equal('https://youtu.be/day1-new');
			expect(watcher.lastError).to.match(/not valid TOML/);
		} finally {
			rmSync(dir, { recursive: true, force: true });
		}
	});
});
