import { isDiscordError } from '#lib/discord/apiErrors';
import { RESTJSONErrorCodes, type Guild, type GuildMember } from 'discord.js';
import { errorText } from '#lib/errorText';

export type ApplyResult =
	| { ok: true; nicknameSet: boolean; addedRoleIds: string[] }
	| { ok: false; reason: 'missing-permissions' | 'unknown-member' | 'error'; detail: string };

/** Gives one member roles and nickname; `withheld` roles are left out of the list even where the cache still shows them. */
export type MemberApplier = (roleIds: string[], nickname: string | null, withheld?: readonly string[]) => Promise<ApplyResult>;

/** The applier for a member of `guild`, or null when Discord says they are not in it; other errors throw (callers retry). */
export async function memberApplier(guild: Guild, userId: string, reason: string): Promise<MemberApplier | null> {
	const member = await guild.members.fetch(userId).catch((error: unknown) => {
		if (isDiscordError(error, RESTJSONErrorCodes.UnknownMember)) return null;
		throw error;
	});
	return member && ((roleIds, nickname, withheld) => applyToMember(member, roleIds, nickname, reason, withheld));
}

/** Cuts a nickname to Discord's 32 characters without splitting a letter, an accent or an emoji. */
export function fitNickname(name: string, max = 32): string {
	const trimmed = name.replace(/\s+/g, ' ').trim();
	let out = '';
	for (const { segment } of new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(trimmed)) {
		if (out.length + segment.length > max) break;
		out += segment;
	}
	return out.trim();
}

/**
 * Gives a member their roles and badge nickname in one PATCH. Discord refuses nicknames of the owner and of members
 * above the bot; then the roles alone are tried, so an organizer with a big role still gets their attendee roles.
 */
export async function applyToMember(member: GuildMember, roleIds: readonly string[], nickname: string | null, reason: string, withheld: readonly string[] = []): Promise<ApplyResult> {
	const current = new Set(member.roles.cache.keys());
	const addedRoleIds = roleIds.filter((id) => !current.has(id));
	// The PATCH replaces the whole list: a role just taken away but still in the cache must not come back with it.
	const roles = [...current, ...addedRoleIds].filter((id) => id !== member.guild.id && !withheld.includes(id));
	const wantsNick = nickname !== null && nickname !== member.nickname && member.id !== member.guild.ownerId;
	if (!addedRoleIds.length && !wantsNick) return { ok: true, nicknameSet: nickname === member.nickname, addedRoleIds };
	try {
		await member.edit({ ...(addedRoleIds.length ? { roles } : {}), ...(wantsNick ? { nick: nickname } : {}), reason });
		return { ok: true, nicknameSet: wantsNick || nickname === member.nickname, addedRoleIds };
	} catch (error) {
		if (isMissingPermissions(error) && wantsNick && addedRoleIds.length) {
			try {
				await member.edit({ roles, reason });
				return { ok: true, nicknameSet: false, addedRoleIds };
			} catch (retryError) {
				return failure(retryError);
			}
		}
		if (isMissingPermissions(error) && wantsNick && !addedRoleIds.length) return { ok: true, nicknameSet: false, addedRoleIds };
		return failure(error);
	}
}

function isMissingPermissions(error: unknown): boolean {
	return isDiscordError(error, RESTJSONErrorCodes.MissingPermissions);
}

function failure(error: unknown): ApplyResult {
	if (isMissingPermissions(error)) return { ok: false, reason: 'missing-permissions', detail: 'Missing Permissions' };
	if (isDiscordError(error, RESTJSONErrorCodes.UnknownMember)) return { ok: false, reason: 'unknown-member', detail: 'Unknown Member' };
	return { ok: false, reason: 'error', detail: errorText(error) };
}
