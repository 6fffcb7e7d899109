import type { RESTPostAPIChannelMessageJSONBody } from 'discord.js';
import { formatScheduleChange, type ScheduleChange } from '#lib/programme/diff';
import { escapedWithin } from '#lib/programme/format';
import { localTime } from '#lib/programme/localTime';
import type { Session } from '#lib/programme/Session';

export interface ReminderContext {
	timezone: string;
	now: Date;
	/** The room's stream, when the livestreams file has one for that day. */
	livestream?: string;
	/** Room name → its Discord channel id, for a link the member can click. */
	roomChannelId: (room: string) => string | undefined;
}

const footer = '-# You bookmarked this with `/agenda`. `/agenda reminders` sets how early these come; `/agenda remove` drops a session.';

/** The DM a member gets before a bookmarked session. */
export function reminderMessage(session: Session, context: ReminderContext): RESTPostAPIChannelMessageJSONBody {
	const minutes = Math.max(1, Math.round((session.start.getTime() - context.now.getTime()) / 60_000));
	// Cut so the room channel link and the footer always fit, whatever the programme holds.
	const line = (text: string, max: number) => escapedWithin(text.replace(/\s+/g, ' '), max);
	const rooms = session.rooms.length ? ` in ${line(session.rooms.join(', '), 200)}` : '';
	const lines = [`⏰ **${line(session.title, 300)}** starts in ${minutes} ${minutes === 1 ? 'minute' : 'minutes'}, at ${localTime(session.start, context.timezone, 'HH:mm')}${rooms}.`];
	const speakers = session.speakers.map((speaker) => speaker.name).join(', ');
	if (speakers) lines.push(`🎤 ${line(speakers, 300)}`);
	if (context.livestream) lines.push(`📺 Livestream: <${context.livestream}>`);
	const channels = session.rooms.flatMap((room) => context.roomChannelId(room) ?? []);
	if (channels.length) lines.push(`💬 Room channel: ${channels.map((id) => `<#${id}>`).join(' ')}`);
	lines.push(footer);
	return { content: lines.join('\n').slice(0, 2000) };
}

/** The DM a member gets when a bookmarked session moves, changes room or is cancelled. */
export function changeNotice(change: ScheduleChange, timezone: string): string {
	const follow = change.kind === 'cancelled' ? 'No reminder will come for it.' : 'Your reminder moves with it.';
	return `${formatScheduleChange(change, timezone)}\nYou bookmarked this session. ${follow}\n${footer}`.slice(0, 2000);
}

/** What a change notice is about, so the same change seen twice sends one DM and a later change sends another. */
export function changeOccasion(change: ScheduleChange): string {
	const after = change.after;
	return after ? `${change.kind}@${after.start.toISOString()}@${[...after.rooms].sort().join('+')}` : change.kind;
}

/** Told once, ephemerally, the next time a member whose DMs were refused uses /agenda. */
export const dmsClosedNotice =
	"⚠️ I couldn't send you a reminder by DM: Discord refused it because your direct messages from this server's members are off. " +
	'To get reminders, turn on **Direct Messages** in this server\'s Privacy Settings (click the server name). `/agenda list` shows your sessions either way.';

export function reminderSettingReply(minutes: number): string {
	return minutes === 0
		? "🔕 Reminders off: I won't DM you before your bookmarked sessions. Your bookmarks stay; `/agenda reminders` turns them back on."
		: `🔔 Your reminders now come by DM ${minutes} ${minutes === 1 ? 'minute' : 'minutes'} before each bookmarked session.`;
}
