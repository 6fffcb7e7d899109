import { expect } from 'chai';
import { decode } from 'fast-png';
import { niceTicks, renderBookmarksChart, renderFunnelChart, renderRegistrationsChart, type HourlyPoint } from '#lib/statistics/charts';

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
});
