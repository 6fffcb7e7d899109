import { expect } from 'chai';
import { decode } from 'fast-png';
import { bookmarksChartSvg, funnelChartSvg, niceTicks, registrationsChartSvg, renderBookmarksChart, renderFunnelChart, renderRegistrationsChart, textWidth, type HourlyPoint } from '#lib/statistics/charts';

const hours = (count: number, from: string): HourlyPoint[] =>
	Array.from({ length: count }, (_, i) => ({ start: new Date(Date.parse(from) + i * 3_600_000), count: (i * 7) % 13 }));

/** Share of pixels that are not white: a blank chart would be close to 0. */
function inkRatio(png: Buffer): number {
	const image = decode(png);
	const channels = image.channels;
	let ink = 0;
	for (let i = 0; i < image.data.length; i += channels) if (image.data[i] < 200 || image.data[i + 1] < 200 || image.data[i + 2] < 200) ink++;
	return ink / (image.width * image.height);
}

describe('statistics/charts', () => {
	it('renders registrations per hour as a PNG of the requested size', async () => {
		const png = await renderRegistrationsChart(hours(72, '2026-07-11T22:00:00Z'), { width: 900, height: 360, tz: 'Europe/Prague' });
		const image = decode(png);
		expect([image.width, image.height]).to.deep.equal([900, 360]);
		expect(inkRatio(png)).to.be.greaterThan(0.02);
	});

	it('renders an empty series as a readable placeholder instead of failing', async () => {
		const png = await renderRegistrationsChart([], { width: 400, height: 200 });
		expect(decode(png)).to.include({ width: 400, height: 200 });
	});

	it('renders the funnel with one row per ticket type, escaping names', async () => {
		const rows = [
			{ ticketType: 'Business', sold: 400, registered: 300, notRegistered: 100 },
			{ ticketType: 'Beginners’ Day <Unconference> & Humble Data', sold: 60, registered: 12, notRegistered: 48 },
			{ ticketType: 'Remote', sold: 0, registered: 2, notRegistered: 0 }
		];
		const three = decode(await renderFunnelChart(rows, { width: 800 }));
		const one = decode(await renderFunnelChart(rows.slice(0, 1), { width: 800 }));
		expect(three.width).to.equal(800);
		expect(three.height).to.be.greaterThan(one.height);
	});

	it('renders bookmarks per session, one row each, with more bookmarks than seats in red', async () => {
		const red = (png: Buffer) => {
			const image = decode(png);
			let count = 0;
			for (let i = 0; i < image.data.length; i += image.channels) if (image.data[i]! > 220 && image.data[i + 1]! < 100 && image.data[i + 2]! < 100) count++;
			return count;
		};
		const rows = [
			{ label: 'Wed 09:15 Taming asyncio <&> "quoted"', bookmarks: 40, seats: 30 },
			{ label: 'Wed 09:10 Keynote', bookmarks: 12, seats: 600 },
			{ label: 'Wed 10:30 No seats known', bookmarks: 3 }
		];
		const over = await renderBookmarksChart(rows, { width: 800 });
		const within = await renderBookmarksChart(rows.slice(1), { width: 800 });
		expect(decode(over).width).to.equal(800);
		expect(decode(over).height).to.be.greaterThan(decode(within).height);
		// The legend's swatch is red in both; only the over-capacity bar adds much more.
		expect(red(over)).to.be.greaterThan(red(within) * 3);
		expect(decode(await renderBookmarksChart([], { width: 400 })).width).to.equal(400);
	});

	it('chooses round axis steps that cover the maximum', () => {
		expect(niceTicks(1)).to.deep.equal([0, 1]);
		expect(niceTicks(7)).to.deep.equal([0, 2, 4, 6, 8]);
		expect(niceTicks(230)).to.deep.equal([0, 50, 100, 150, 200, 250]);
	});

	it("titles, legends and day names in the organizer's language, each legend label after the previous one however long", () => {
		const german = registrationsChartSvg(hours(30, '2026-07-12T20:00:00Z'), { tz: 'Europe/Prague', language: 'de' });
		expect(german).to.include('>Registrierungen pro Stunde (Europe/Prague)</text>').and.include('>Mo 13. Jul</text>');
		expect(registrationsChartSvg([], { language: 'ja' })).to.include('>まだ登録はありません</text>');
		const legendX = (svg: string) => [...svg.matchAll(/<rect x="([\d.]+)" y="50"/g)].map((match) => Number(match[1]));
		const funnel = funnelChartSvg([{ ticketType: 'Business', sold: 1234, registered: 1000, notRegistered: 234 }], { language: 'de' });
		expect(funnel).to.include('>Verkaufte und auf Discord registrierte Tickets nach Ticketart</text>').and.include('>1.000 / 1.234 (81 %)</text>');
		// "verkauft" is twice as long as "sold": the second swatch moves right instead of covering it.
		expect(legendX(funnel)[1]! - legendX(funnel)[0]!).to.be.greaterThan(legendX(funnelChartSvg([]))[1]! - legendX(funnelChartSvg([]))[0]!);
		const japanese = bookmarksChartSvg([{ label: '水 09:10 Keynote', bookmarks: 40, seats: 30 }], { language: 'ja' });
		expect(japanese).to.include('>40 / 30席</text>').and.include('>登録数が席数を超過</text>');
		expect(legendX(japanese)[1]).to.be.at.least(24 + 20 + textWidth('アジェンダ登録', 14));
		expect([textWidth('予約', 14), textWidth('sold', 10)]).to.deep.equal([28, 24]);
		expect(funnelChartSvg([])).to.include('>sold</text>').and.include('>Tickets sold and registered on Discord, by ticket type</text>');
	});
});
