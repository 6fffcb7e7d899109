import { z } from 'zod';
import type { I18nString, PretixItem } from '#lib/pretix/schemas';

export interface CatalogVariation {
	id: number;
	name: string;
}

export interface CatalogItem {
	id: number;
	name: string;
	/** pretix's flag for tickets that admit a person, as opposed to add-ons and merchandise. */
	admission: boolean;
	variations: CatalogVariation[];
}

export const CatalogItemSchema = z.object({
	id: z.number().int(),
	name: z.string(),
	admission: z.boolean(),
	variations: z.array(z.object({ id: z.number().int(), name: z.string() }))
});

/** Picks the configured language, then English, then any translation pretix has. */
export function localized(value: I18nString, locale: string): string {
	if (typeof value === 'string') return value;
	return value[locale] ?? value.en ?? Object.values(value).find((text): text is string => typeof text === 'string') ?? '';
}

/** The event's products, with variations looked up per item: pretix item and variation ids are separate id spaces. */
export class Catalog {
	private readonly byId = new Map<number, { item: CatalogItem; variations: Map<number, CatalogVariation> }>();

	public constructor(public readonly items: readonly CatalogItem[]) {
		for (const item of items) this.byId.set(item.id, { item, variations: new Map(item.variations.map((variation) => [variation.id, variation])) });
	}

	public static fromPretix(items: readonly PretixItem[], locale = 'en'): Catalog {
		return new Catalog(
			items.map((item) => ({
				id: item.id,
				name: localized(item.name, locale),
				admission: item.admission,
				variations: item.variations.map((variation) => ({ id: variation.id, name: localized(variation.value, locale) }))
			}))
		);
	}

	public item(itemId: number): CatalogItem | undefined {
		return this.byId.get(itemId)?.item;
	}

	public variation(itemId: number, variationId: number): CatalogVariation | undefined {
		return this.byId.get(itemId)?.variations.get(variationId);
	}

	/** Stable JSON for snapshots and for telling whether pretix's catalog changed. */
	public toJSON(): CatalogItem[] {
		return this.items.map((item) => ({ ...item, variations: item.variations.map((variation) => ({ ...variation })) }));
	}

	public equals(other: Catalog): boolean {
		return JSON.stringify(this.toJSON()) === JSON.stringify(other.toJSON());
	}
}
