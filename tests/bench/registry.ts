import { benchAgenda } from './agenda';
import { benchBotStartup } from './botStartup';
import { benchLoad } from './load';
import { benchPlanner } from './planner';
import { benchProgrammeRehearsal } from './programmeRehearsal';
import { benchQa } from './qa';
import { benchRegistrationCalls } from './registrationCalls';
import { benchRush } from './rush';
import { benchStatistics } from './statistics';
import { benchStatsCommand } from './statsCommand';
import { benchTicketIndex } from './ticketIndex';

export interface Bench {
	/** What it measures and the target, for the table. */
	title: string;
	run(): Promise<unknown>;
	/** Runs only with `--bot "COMMAND"` (the bot to measure). */
	needsBot?: boolean;
}

// Each bench runs in its own process; add new ones here.
export const benches: Record<string, Bench> = {
	ticketIndex: { title: 'Ticket index: 50,000 orders (build < 2 s, RSS < 300 MB, lookup p99 < 1 ms)', run: benchTicketIndex },
	registrationCalls: { title: 'Discord REST calls per registration, log entry excluded (≤ 3)', run: benchRegistrationCalls },
	planner: { title: 'Programme planner: 5 days × 12 rooms (< 100 ms)', run: benchPlanner },
	programmeRehearsal: { title: 'Programme rehearsal: 200 notifications, seconds late (max < 5 s)', run: benchProgrammeRehearsal },
	statistics: { title: 'Statistics over 20,000 members (< 1 s)', run: benchStatistics },
	statsCommand: { title: '/stats members on a 20,000-member guild, real bot (< 1 s)', run: benchStatsCommand },
	botStartup: { title: 'Bot start to "Ready" against the stand-in, median of 5', run: benchBotStartup },
	rush: {
		title: 'Registration rush under Discord’s real limits (model ×10): 2,000 people, kill -9 at the longest line, access role ahead (goals in README)',
		run: () => benchRush({ accessRole: 'Participants' })
	},
	rushOneLane: { title: 'The same rush with one lane: roles and nickname in one member PATCH each, no access role ahead', run: () => benchRush({ accessRole: '' }) },
	rushBot: {
		title: 'The same rush for the bot given by --bot (its command, the stand-ins in its environment)',
		run: () => benchRush({ botCommand: process.env.BENCH_BOT_COMMAND! }),
		needsBot: true
	},
	agenda: { title: 'Agenda: 2,000 members bookmark one keynote; every DM reminder before it starts, under Discord’s real limits (0 × 429)', run: benchAgenda },
	qa: { title: 'Q&A: 50 sessions at once, 2,000 members asking and voting under Discord’s real limits (every vote once, 0 × 429, counts a few seconds behind at most)', run: benchQa },
	load: { title: 'Registration rush: 2,000 people in 60 s (10 min simulated), Discord rate limits on (ack misses must be 0)', run: benchLoad }
};
