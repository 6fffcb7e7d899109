import type { ProgrammeLogger } from '#lib/programme/ProgrammeLogger';
import type { Session } from '#lib/programme/Session';
import type { SqliteDatabase } from '#lib/store/Database';
import { AGENDA_PERSONAL_DATA_TABLES } from './personalData';
import { retentionDecision, type RetentionDecision } from './retention';

export interface AgendaRetentionOptions {
	db: SqliteDatabase;
	sessions: () => readonly Session[];
	fetched: () => boolean;
	rehearsal: boolean;
	retentionDays: number;
	now: () => Date;
	logger: ProgrammeLogger;
	tables?: readonly string[];
}

export type RetentionOutcome = RetentionDecision & { deleted?: Record<string, number> };

/** After the conference and its retention days, deletes every agenda row of every member; logs only counts. */
export class AgendaRetention {
	public constructor(private readonly options: AgendaRetentionOptions) {}

	public run(): RetentionOutcome {
		const { db, logger, retentionDays } = this.options;
		const decision = retentionDecision({
			sessions: this.options.sessions(),
			fetched: this.options.fetched(),
			rehearsal: this.options.rehearsal,
			retentionDays,
			now: this.options.now()
		});
		switch (decision.kind) {
			case 'rehearsal':
				logger.info('Agenda retention: a rehearsal never deletes agenda data.');
				return decision;
			case 'no-programme':
				logger.info('Agenda retention: no programme loaded, so nothing is deleted.');
				return decision;
			case 'keep':
				logger.debug(`Agenda retention: agenda data is kept until ${decision.deleteFrom.toISOString()}.`);
				return decision;
			case 'delete': {
				const tables = this.options.tables ?? AGENDA_PERSONAL_DATA_TABLES;
				// Table names come from the constant list above, never from input.
				const deleted = db.transaction(() => Object.fromEntries(tables.map((table) => [table, db.prepare(`DELETE FROM ${table}`).run().changes])))();
				const total = Object.values(deleted).reduce((sum, count) => sum + count, 0);
				const perTable = Object.entries(deleted)
					.map(([table, count]) => `${table} ${count}`)
					.join(', ');
				logger.info(`Agenda retention: deleted ${total} rows (${perTable}), ${retentionDays} days after the last session.`);
				return { ...decision, deleted };
			}
		}
	}
}
