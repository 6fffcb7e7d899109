/** Role ids a feature wants a member to hold, now. */
export type RoleSource = (userId: string) => readonly string[];

/**
 * The one home for "which roles should this member have": their tickets' roles and, on top, what other features give
 * (the Speakers role of a speaker in the programme). The registration PATCH, `/registration unlink remove_roles` and
 * the speakers' role all ask here, so none of them takes away or leaves out what another gave.
 */
export class MemberRoles {
	private readonly sources = new Map<string, RoleSource>();
	private readonly withholders = new Map<string, RoleSource>();
	private readonly registeredListeners: Array<(userId: string) => void> = [];

	public constructor(private readonly ticketRoles: RoleSource) {}

	/**
	 * A feature that gives roles beyond the tickets'; one source per name. `withheld` names roles the feature has just
	 * taken from the member, which a role list built from a cache that still shows them must not put back.
	 */
	public addSource(name: string, source: RoleSource, withheld?: RoleSource): void {
		this.sources.set(name, source);
		if (withheld) this.withholders.set(name, withheld);
	}

	/** Roles a PATCH of the member's whole list must leave out, though the cache may still show them. */
	public withheld(userId: string): string[] {
		const wanted = new Set(this.wanted(userId));
		return [...new Set([...this.withholders.values()].flatMap((source) => source(userId)))].filter((roleId) => !wanted.has(roleId));
	}

	/** Roles the features want the member to hold beyond their tickets'. */
	public extras(userId: string): string[] {
		return [...new Set([...this.sources.values()].flatMap((source) => source(userId)))];
	}

	/** Every role usher wants the member to hold. */
	public wanted(userId: string): string[] {
		return [...new Set([...this.ticketRoles(userId), ...this.extras(userId)])];
	}

	/** `roleIds` joined with the features' roles: what a PATCH of the member's role list must carry. */
	public withExtras(userId: string, roleIds: readonly string[]): string[] {
		return [...new Set([...roleIds, ...this.extras(userId)])];
	}

	/** Of `roleIds`, those nothing wants the member to hold any more (safe to take away). */
	public unwanted(userId: string, roleIds: readonly string[]): string[] {
		const wanted = new Set(this.wanted(userId));
		return roleIds.filter((roleId) => !wanted.has(roleId));
	}

	/** True when one of the member's tickets gives the role. */
	public fromTicket(userId: string, roleId: string): boolean {
		return this.ticketRoles(userId).includes(roleId);
	}

	/** Told whenever a member's ticket roles were given (a registration or a rejoin). */
	public onRegistered(listener: (userId: string) => void): void {
		this.registeredListeners.push(listener);
	}

	public registered(userId: string): void {
		for (const listener of this.registeredListeners) listener(userId);
	}
}
