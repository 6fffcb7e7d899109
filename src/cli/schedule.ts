import { parseArgs } from 'node:util';
import { loadConfigFiles } from '#lib/config/loadConfig';
import { plannerOptionsFrom } from '#lib/programme/plannerOptions';
import { NotificationPlanner } from '#lib/programme/NotificationPlanner';
import { ScheduleFormatError, ScheduleUnavailableError } from '#lib/programme/sources/errors';
import { FileSource, FrabJsonSource, PretalxApiSource, type ScheduleSource } from '#lib/programme/sources/ScheduleSource';
import type { CliCommand } from './types';
import { errorText } from '#lib/errorText';

const USAGE = 'Usage: npm run cli -- schedule preview --source FILE_OR_URL [--at ISO_DATETIME] [--config config/config.toml]';

/** Picks the adapter from the source: a pretalx API URL, any other URL (frab JSON), or a local file. */
export function sourceFor(source: string, options: { timezone: string; language: string }): ScheduleSource {
	if (!/^https?:\/\//.test(source)) return new FileSource(source, options);
	const api = /^(.*)\/api\/events\/([^/]+)\//.exec(source);
	if (api) return new PretalxApiSource({ baseUrl: api[1]!, event: api[2]!, language: options.language, retries: 1, timeoutMs: 15_000 });
	return new FrabJsonSource({ url: source, timezone: options.timezone, retries: 1, timeoutMs: 15_000 });
}

/** `schedule preview`: prints, one JSON object a line, every session still to be announced and where. */
export const scheduleCli: CliCommand = async (argv, out, err) => {
	let values: { source?: string; at?: string; config?: string };
	let action: string | undefined;
	try {
		const parsed = parseArgs({ args: argv, allowPositionals: true, options: { source: { type: 'string' }, at: { type: 'string' }, config: { type: 'string' } } });
		values = parsed.values;
		action = parsed.positionals[0];
	} catch (error) {
		err(`${errorText(error)}\n${USAGE}`);
		return 2;
	}
	if (action !== 'preview' || !values.source) {
		err(USAGE);
		return 2;
	}
	const at = values.at ? new Date(values.at) : new Date();
	if (Number.isNaN(at.getTime())) {
		err(`--at "${values.at}" is not a date-time; use ISO such as 2026-07-15T08:50:00+02:00`);
		return 2;
	}
	let programme;
	try {
		programme = loadConfigFiles({ configFile: values.config ?? 'config/config.toml' }).programme;
	} catch (error) {
		err(errorText(error));
		return 2;
	}
	const planner = plannerOptionsFrom(programme, { main: `#${programme.main_channel}`, room: (_room, channel) => `#${channel}` });
	let result;
	try {
		result = await sourceFor(values.source, { timezone: programme.timezone, language: programme.language }).fetch();
	} catch (error) {
		if (!(error instanceof ScheduleUnavailableError || error instanceof ScheduleFormatError)) throw error;
		err(`Cannot read the schedule: ${error.message}`);
		return 2;
	}
	if (result.status !== 'fresh') return 1;
	const { sessions, skipped } = result.schedule;
	for (const skip of skipped) err(`skipped a slot: ${skip.reason}`);
	const plan = new NotificationPlanner().plan(sessions, planner, at);
	for (const room of plan.unmappedRooms) err(`room "${room}" has no channel in [programme.rooms]; only the main channel will announce it`);
	const bySession = new Map<string, { notifyAt: Date; channels: Set<string> }>();
	for (const notification of plan.notifications) {
		for (const code of notification.sessionCodes) {
			const entry = bySession.get(code) ?? { notifyAt: notification.notifyAt, channels: new Set<string>() };
			if (notification.notifyAt < entry.notifyAt) entry.notifyAt = notification.notifyAt;
			entry.channels.add(notification.channelKey);
			bySession.set(code, entry);
		}
	}
	const planned = sessions.filter((session) => bySession.has(session.code));
	for (const session of planned) {
		const entry = bySession.get(session.code)!;
		out(
			JSON.stringify({
				session: session.code,
				title: session.title,
				room: session.rooms.join(', '),
				start: session.start.toISOString(),
				notify_at: entry.notifyAt.toISOString(),
				channels: [...entry.channels]
			})
		);
	}
	if (planned.length === 0) {
		err(`Nothing left to announce after ${at.toISOString()}.`);
		return 1;
	}
	return 0;
};
