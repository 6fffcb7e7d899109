// Builds pretix-shaped items and orders from short specs, for the fixture event, the generator and tests.
import type { NameParts, RawItem, RawOrder, RawPosition } from './types';

export interface ItemSpec {
	id: number;
	name: string;
	admission: boolean;
	price?: string;
	personalized?: boolean;
	variations?: { id: number; name: string; price?: string }[];
}

export function buildItem(spec: ItemSpec, position: number): RawItem {
	const price = spec.price ?? '0.00';
	return {
		id: spec.id,
		name: { en: spec.name },
		internal_name: '',
		default_price: price,
		category: null,
		active: true,
		admission: spec.admission,
		personalized: spec.personalized ?? spec.admission,
		has_variations: (spec.variations?.length ?? 0) > 0,
		position,
		variations: (spec.variations ?? []).map((variation, index) => ({
			id: variation.id,
			value: { en: variation.name },
			default_price: variation.price ?? null,
			price: variation.price ?? price,
			active: true,
			position: index
		})),
		addons: [],
		bundles: [],
		meta_data: {}
	};
}

export interface PositionSpec {
	item: number;
	variation?: number | null;
	name?: string | null;
	price?: string;
	canceled?: boolean;
	blocked?: string[] | null;
	/** Index (0-based) of the position in this order that this one is an add-on to. */
	addonTo?: number;
}

export interface OrderSpec {
	code: string;
	status?: RawOrder['status'];
	validIfPending?: boolean;
	requireApproval?: boolean;
	testmode?: boolean;
	invoiceName?: string | null;
	email?: string;
	locale?: string;
	positions: PositionSpec[];
}

export function nameParts(name: string | null | undefined): NameParts | Record<string, never> {
	if (!name) return {};
	const space = name.lastIndexOf(' ');
	if (space < 0) return { _scheme: 'full', full_name: name };
	return { _scheme: 'given_family', given_name: name.slice(0, space), family_name: name.slice(space + 1) };
}

/** Hands out pretix-like ids and secrets; `secret` is injectable so generated data stays deterministic. */
export class OrderFactory {
	private nextPositionId: number;

	public constructor(
		private readonly event: string,
		private readonly secret: (length: number) => string,
		firstPositionId = 10_001
	) {
		this.nextPositionId = firstPositionId;
	}

	public build(spec: OrderSpec, at: Date): RawOrder {
		const when = at.toISOString();
		const ids: number[] = [];
		const positions: RawPosition[] = spec.positions.map((position, index) => {
			const id = this.nextPositionId++;
			ids.push(id);
			return {
				id,
				order: spec.code,
				positionid: index + 1,
				canceled: position.canceled ?? spec.status === 'c',
				item: position.item,
				variation: position.variation ?? null,
				price: position.price ?? '0.00',
				attendee_name: position.name ?? null,
				attendee_name_parts: nameParts(position.name),
				attendee_email: null,
				secret: this.secret(32),
				addon_to: position.addonTo === undefined ? null : ids[position.addonTo]!,
				subevent: null,
				blocked: position.blocked ?? null,
				valid_from: null,
				valid_until: null,
				checkins: [],
				answers: []
			};
		});
		const total = positions.reduce((sum, position) => sum + Number(position.price), 0).toFixed(2);
		const invoiceName = spec.invoiceName === undefined ? (spec.positions.find((position) => position.name)?.name ?? null) : spec.invoiceName;
		return {
			code: spec.code,
			event: this.event,
			status: spec.status ?? 'p',
			testmode: spec.testmode ?? false,
			secret: this.secret(16),
			email: spec.email ?? `${spec.code.toLowerCase()}@example.org`,
			locale: spec.locale ?? 'en',
			datetime: when,
			last_modified: when,
			total,
			require_approval: spec.requireApproval ?? false,
			valid_if_pending: spec.validIfPending ?? false,
			cancellation_date: spec.status === 'c' ? when : null,
			invoice_address: invoiceName === null ? null : { name: invoiceName, name_parts: nameParts(invoiceName), company: '', country: 'DE' },
			positions,
			fees: [],
			payments: spec.status === 'p' ? [{ local_id: 1, state: 'confirmed', amount: total, provider: 'stripe' }] : [],
			refunds: []
		};
	}
}
