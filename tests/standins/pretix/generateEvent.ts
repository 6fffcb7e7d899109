// Deterministic, realistic pretix data at conference scale: EuroPython-like catalogue, many scripts, every order state.
import { uniformInt } from 'pure-rand/distribution/uniformInt';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';
import { buildItem, OrderFactory, type ItemSpec, type PositionSpec } from './builders';
import type { RawEvent, RawOrder } from './types';

// Item and variation ids deliberately overlap: pretix numbers them in separate tables.
export const ITEM_IDS = {
	business: 101,
	personal: 102,
	education: 103,
	community: 104,
	grant: 105,
	remote: 106,
	sponsor: 107,
	presenter: 108,
	onsiteVolunteer: 109,
	beginnersDay: 110,
	tshirt: 111,
	childcare: 112
} as const;

const tiers = (first: number) => [
	{ id: first, name: 'Conference' },
	{ id: first + 1, name: 'Tutorials' },
	{ id: first + 2, name: 'Combined' }
];

export const EUROPYTHON_ITEMS: ItemSpec[] = [
	{ id: ITEM_IDS.business, name: 'Business', admission: true, price: '650.00', variations: tiers(101) },
	{ id: ITEM_IDS.personal, name: 'Personal', admission: true, price: '400.00', variations: tiers(104) },
	{ id: ITEM_IDS.education, name: 'Education', admission: true, price: '150.00', variations: tiers(107) },
	{
		id: ITEM_IDS.community,
		name: 'Community Contributors',
		admission: true,
		variations: [
			{ id: 110, name: 'Volunteer' },
			{ id: 111, name: 'Community Organiser' }
		]
	},
	{ id: ITEM_IDS.grant, name: 'Grant ticket', admission: true },
	{ id: ITEM_IDS.remote, name: 'Remote Participation Ticket', admission: true, price: '80.00' },
	{ id: ITEM_IDS.sponsor, name: 'Sponsor Conference Pass', admission: true },
	{ id: ITEM_IDS.presenter, name: 'Presenter', admission: true },
	{ id: ITEM_IDS.onsiteVolunteer, name: 'On-site Volunteer', admission: true },
	{ id: ITEM_IDS.beginnersDay, name: 'Beginners’ Day Unconference / Humble Data Access', admission: true },
	{
		id: ITEM_IDS.tshirt,
		name: 'T-shirt',
		admission: false,
		personalized: false,
		price: '20.00',
		variations: ['S', 'M', 'L', 'XL'].map((size, index) => ({ id: 112 + index, name: size }))
	},
	{ id: ITEM_IDS.childcare, name: 'Childcare', admission: false, personalized: false }
];

// Given and family names per language, romanised or not as people really write them on tickets.
const NAMES: [given: string[], family: string[], join?: string][] = [
	[['Ada', 'Grace', 'Alan', 'Linus', 'Margaret', 'Guido'], ['Lovelace', 'Hopper', 'Turing', 'Hamilton', "O'Neill", 'van Rossum']],
	[['Jürgen', 'Käthe', 'Jörg', 'Grete'], ['Müller', 'Groß', 'Schäfer', 'Weiß']],
	[['Zoë', 'Anaïs', 'François', 'Hélène'], ['Lefèvre', 'Dubois', 'Gaëtan', 'Ünal']],
	[['Seán', 'Aoife', 'Siobhán'], ['Ó Rudaí', 'Ní Bhriain', 'Mac Giolla']],
	[['Jan', 'Karel', 'Božena', 'Łukasz', 'Małgorzata'], ['Novák', 'Čapek', 'Němcová', 'Wiśniewski', 'Żółkiewska']],
	[['Ольга', 'Дмитрий', 'Анна'], ['Петрова', 'Иванов', 'Смирнова']],
	[['Ελένη', 'Γιώργος'], ['Παπαδοπούλου', 'Νικολάου']],
	[['Işıl', 'İlkay', 'Çağrı'], ['Yılmaz', 'Öztürk', 'Şahin']],
	[['Nguyễn', 'Trần', 'Lê'], ['Văn An', 'Thị Bình', 'Minh Châu']],
	[['محمد', 'فاطمة'], ['العلي', 'حسن']],
	[['דוד', 'שרה'], ['כהן', 'לוי']],
	[['प्रिया', 'राहुल'], ['शर्मा', 'वर्मा']],
	[['สมชาย', 'สุดา'], ['ใจดี', 'ทองคำ']],
	[['太郎', '花子'], ['山田', '佐藤'], ''],
	[['伟', '芳'], ['王', '李'], ''],
	[['영희', '민준'], ['김', '박'], ''],
	[['Shin', 'Ch’oe', 'Kyung-sook'], ['Yun', 'Park', 'Lee']],
	[['Björk', 'Þóra'], ['Guðmundsdóttir', 'Sigurðsson']],
	[['Æmilia', 'Øyvind', 'Åsa'], ['Lanyer', 'Ødegård', 'Ström']]
];

const CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ3789';
const SECRET_ALPHABET = 'abcdefghijklmnopqrstuvwxyz0123456789';

export interface GenerateEventOptions {
	seed: number;
	orders: number;
	organizer?: string;
	event?: string;
	/** Sales start; order times spread from here, one order every few minutes. */
	start?: Date;
}

/** The same seed always gives the same event, byte for byte. */
export function generateEvent(options: GenerateEventOptions): RawEvent {
	const rng = xoroshiro128plus(options.seed);
	const int = (min: number, max: number) => uniformInt(rng, min, max);
	const chance = (percent: number) => int(0, 9_999) < percent * 100;
	const pick = <T>(values: readonly T[]): T => values[int(0, values.length - 1)]!;
	const text = (alphabet: string, length: number) => Array.from({ length }, () => alphabet[int(0, alphabet.length - 1)]).join('');
	const event = options.event ?? 'ep2026';
	const factory = new OrderFactory(event, (length) => text(SECRET_ALPHABET, length));
	const personName = () => {
		const [given, family, join = ' '] = pick(NAMES);
		const name = join === '' ? pick(family) + pick(given) : `${pick(given)} ${pick(family)}`;
		// Now and then the odd ticket name: emoji, double spaces, zero-width joiners copied from a phone.
		if (chance(1)) return `${name} 🐍`;
		if (chance(1)) return name.replace(' ', '  ');
		if (chance(0.5)) return `${name}\u200b`;
		return name;
	};
	const admissionPosition = (name: string | null): PositionSpec => {
		const roll = int(0, 99);
		const item = roll < 25 ? ITEM_IDS.business : roll < 50 ? ITEM_IDS.personal : roll < 62 ? ITEM_IDS.education : roll < 70 ? ITEM_IDS.community
			: roll < 75 ? ITEM_IDS.grant : roll < 85 ? ITEM_IDS.remote : roll < 89 ? ITEM_IDS.sponsor : roll < 95 ? ITEM_IDS.presenter
			: roll < 98 ? ITEM_IDS.onsiteVolunteer : ITEM_IDS.beginnersDay;
		const spec = EUROPYTHON_ITEMS.find((candidate) => candidate.id === item)!;
		const variation = spec.variations ? pick(spec.variations) : undefined;
		return { item, variation: variation?.id ?? null, name, price: variation?.price ?? spec.price ?? '0.00', canceled: chance(2), blocked: chance(0.5) ? ['admin'] : null };
	};

	const codes = new Set<string>();
	const orders: RawOrder[] = [];
	let time = (options.start ?? new Date('2026-02-01T09:00:00Z')).getTime();
	for (let n = 0; n < options.orders; n++) {
		let code = text(CODE_ALPHABET, 5);
		while (codes.has(code)) code = text(CODE_ALPHABET, 5);
		codes.add(code);
		const buyer = personName();
		const roll = int(0, 99);
		const people = roll < 60 ? 1 : roll < 85 ? 2 : roll < 95 ? 3 : int(4, 5);
		const positions: PositionSpec[] = [];
		for (let p = 0; p < people; p++) {
			// Some organisers sell non-personalised tickets: pretix then has only the invoice name.
			const name = chance(3) ? null : p === 0 ? buyer : personName();
			const index = positions.push(admissionPosition(name)) - 1;
			if (chance(20)) positions.push({ item: ITEM_IDS.tshirt, variation: 112 + int(0, 3), price: '20.00', addonTo: index });
			if (chance(2)) positions.push({ item: ITEM_IDS.childcare, addonTo: index });
		}
		const statusRoll = int(0, 99);
		const status = statusRoll < 85 ? 'p' : statusRoll < 92 ? 'n' : statusRoll < 95 ? 'e' : 'c';
		time += int(10, 600) * 1000;
		orders.push(
			factory.build(
				{ code, status, validIfPending: status === 'n' && chance(33), invoiceName: buyer, locale: pick(['en', 'de', 'fr', 'es', 'it']), positions },
				new Date(time)
			)
		);
	}
	return { organizer: options.organizer ?? 'europython', event, items: EUROPYTHON_ITEMS.map(buildItem), orders };
}
