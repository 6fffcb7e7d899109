// Wire shapes of pretix's REST API as the stand-in serves them (orders.rst / items.rst, trimmed to realistic fields).
export type I18n = Record<string, string>;

export interface RawVariation {
	id: number;
	value: I18n;
	default_price: string | null;
	price: string;
	active: boolean;
	position: number;
}

export interface RawItem {
	id: number;
	name: I18n;
	internal_name: string;
	default_price: string;
	category: number | null;
	active: boolean;
	admission: boolean;
	personalized: boolean;
	has_variations: boolean;
	position: number;
	variations: RawVariation[];
	addons: unknown[];
	bundles: unknown[];
	meta_data: Record<string, string>;
}

export interface NameParts {
	_scheme: string;
	[part: string]: string;
}

export interface RawPosition {
	id: number;
	order: string;
	positionid: number;
	canceled: boolean;
	item: number;
	variation: number | null;
	price: string;
	attendee_name: string | null;
	attendee_name_parts: NameParts | Record<string, never>;
	attendee_email: string | null;
	secret: string;
	addon_to: number | null;
	subevent: number | null;
	blocked: string[] | null;
	valid_from: string | null;
	valid_until: string | null;
	checkins: unknown[];
	answers: unknown[];
}

export interface RawOrder {
	code: string;
	event: string;
	status: 'n' | 'p' | 'e' | 'c';
	testmode: boolean;
	secret: string;
	email: string | null;
	locale: string;
	datetime: string;
	last_modified: string;
	total: string;
	require_approval: boolean;
	valid_if_pending: boolean;
	cancellation_date: string | null;
	invoice_address: { name: string; name_parts: NameParts | Record<string, never>; company: string; country: string } | null;
	positions: RawPosition[];
	fees: unknown[];
	payments: { local_id: number; state: string; amount: string; provider: string }[];
	refunds: unknown[];
}

export interface RawEvent {
	organizer: string;
	event: string;
	items: RawItem[];
	orders: RawOrder[];
}
