import TOML from '@iarna/toml';
import { readFileSync } from 'node:fs';
import { z } from 'zod';
import type { PlannerOptions } from './NotificationPlanner';

/**
 * The `[programme]` keys the planner needs, read on their own so the schedule CLI works before the bot's full
 * config loader is wired in (swap `readProgrammeConfig` for the shared loader then). Expected TOML:
 *
 *   [programme]
 *   timezone = "Europe/Prague"      # required
 *   lead_minutes = 5
 *   room_lead_minutes = 2           # 0 = off
 *   main_channel = "programme-notifications"
 *   language = "en"
 *   [programme.rooms]
 *   "Forum Hall" = "forum-hall"
 */
const programmeSchema = z.object({
	timezone: z.string().refine((zone) => isTimeZone(zone), 'expected an IANA time zone such as "Europe/Prague"'),
	lead_minutes: z.number().positive().default(5),
	room_lead_minutes: z.number().min(0).default(0),
	main_channel: z.string().min(1).default('programme-notifications'),
	language: z.string().default('en'),
	rooms: z.record(z.string(), z.string()).default({})
});

export interface ProgrammeCliConfig {
	planner: PlannerOptions;
	language: string;
}

export function readProgrammeConfig(file: string): ProgrammeCliConfig {
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		throw new Error(`cannot read config ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
	}
	let raw: Record<string, unknown>;
	try {
		raw = TOML.parse(text) as Record<string, unknown>;
	} catch (error) {
		throw new Error(`${file} is not valid TOML: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, { cause: error });
	}
	const parsed = programmeSchema.safeParse(raw.programme ?? {});
	if (!parsed.success) {
		const issue = parsed.error.issues[0]!;
		throw new Error(`${file}: [programme] ${issue.path.join('.') || 'section'}: ${issue.message}`);
	}
	const programme = parsed.data;
	return {
		language: programme.language,
		planner: {
			timezone: programme.timezone,
			leadMinutes: programme.lead_minutes,
			roomLeadMinutes: programme.room_lead_minutes,
			mainChannelKey: programme.main_channel,
			rooms: programme.rooms
		}
	};
}

function isTimeZone(zone: string): boolean {
	try {
		new Intl.DateTimeFormat('en', { timeZone: zone });
		return true;
	} catch {
		return false;
	}
}
