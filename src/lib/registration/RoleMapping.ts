import { z } from 'zod';
import type { Catalog } from './Catalog';
import { normalizeName } from './normalize';
import { ticketTypeLabel, type TicketType } from './Ticket';

/**
 * `[registration.roles.items]` maps a pretix item name to role names or ids; `[registration.roles.variations]` maps a
 * variation, either qualified as `"Item name / Variation name"` or by variation name alone (the original bot's form).
 */
export const RoleMappingConfigSchema = z.object({
	items: z.record(z.string(), z.array(z.string().min(1))).default({}),
	variations: z.record(z.string(), z.array(z.string().min(1))).default({})
});
export type RoleMappingConfig = z.input<typeof RoleMappingConfigSchema>;


/** Every key of the mapping (items, then variations) with the roles it gives, as config spells them. */
export function mappedRoleEntries(config: { items: Record<string, string[]>; variations: Record<string, string[]> }): [key: string, roles: string[]][] {
	return [...Object.entries(config.items), ...Object.entries(config.variations)];
}

/** Typographic apostrophes, case and spacing in config keys must not silently break a mapping. */
function labelKey(label: string): string {
	return normalizeName(label) || label;
}

/** Which Discord roles (names or ids, resolved by the caller) each ticket type grants. */
export class RoleMapping {
	private readonly items = new Map<string, { label: string; roles: string[] }>();
	private readonly variations = new Map<string, { label: string; roles: string[] }>();

	public constructor(config: RoleMappingConfig) {
		const parsed = RoleMappingConfigSchema.parse(config);
		for (const [name, roles] of Object.entries(parsed.items)) this.items.set(labelKey(name), { label: name, roles });
		for (const [name, roles] of Object.entries(parsed.variations)) this.variations.set(labelKey(name), { label: name, roles });
	}

	/** Union of the roles of all tickets, in first-seen order; a qualified variation key wins over a bare one. */
	public rolesFor(tickets: readonly TicketType[]): string[] {
		const roles = new Set<string>();
		for (const ticket of tickets) {
			for (const role of this.itemRoles(ticket.itemName)) roles.add(role);
			for (const role of this.variationRoles(ticket.itemName, ticket.variationName)) roles.add(role);
		}
		return [...roles];
	}

	/** Admission ticket types that would give no role at all: worth a warning at startup. */
	public unmappedItems(catalog: Catalog): TicketType[] {
		const unmapped: TicketType[] = [];
		for (const item of catalog.items) {
			if (!item.admission) continue;
			const variations = item.variations.length > 0 ? item.variations.map((variation) => variation.name) : [null];
			for (const variationName of variations) {
				const type = { itemName: item.name, variationName };
				if (this.rolesFor([type]).length === 0) unmapped.push(type);
			}
		}
		return unmapped;
	}

	/** Config keys that name nothing in the catalog, usually a typo. */
	public unknownKeys(catalog: Catalog): string[] {
		const items = new Set(catalog.items.map((item) => labelKey(item.name)));
		const variations = new Set(
			catalog.items.flatMap((item) => item.variations.flatMap((variation) => [labelKey(variation.name), labelKey(ticketTypeLabel({ itemName: item.name, variationName: variation.name }))]))
		);
		return [
			...[...this.items].filter(([key]) => !items.has(key)).map(([, entry]) => `items: ${entry.label}`),
			...[...this.variations].filter(([key]) => !variations.has(key)).map(([, entry]) => `variations: ${entry.label}`)
		];
	}

	private itemRoles(itemName: string): string[] {
		return this.items.get(labelKey(itemName))?.roles ?? [];
	}

	private variationRoles(itemName: string, variationName: string | null): string[] {
		if (variationName === null) return [];
		return (this.variations.get(labelKey(ticketTypeLabel({ itemName, variationName }))) ?? this.variations.get(labelKey(variationName)))?.roles ?? [];
	}
}
