import type { ProgrammeLogger } from '#lib/programme/ProgrammeLogger';
import type { Session } from '#lib/programme/Session';
import type { SqliteDatabase } from '#lib/store/Database';
import { RETENTION_TABLES } from '#lib/store/personalData';
import { retentionDecision, type RetentionDecision } from './retention';

export interface PersonalDataRetentionOptions {
	db: SqliteDatabase;
	sessions: () => readonly Session[];
	fetched: () => boolean;
	rehearsal: boolean;
	retentionDays: number;
	/** See `RetentionInput.minimumAfterEndMs`. */
	minimumAfterEndMs?: number;
	now: () => Date;
	logger: ProgrammeLogger;
	tables?: readonly string[];
}

export type RetentionOutcome = RetentionDecision & { deleted?: Record<string, number> };

/** After the conference and its retention days, empties every table of members' personal data (agenda, speakers, Q&A); logs only counts. */
export class PersonalDataRetention {
	public constructor(private readonly options: PersonalDataRetentionOptions) {}

	/** True once the retention days are over: the data is deleted (or is at the next run) and must not be made again. */
	public due(): boolean {
		return this.decide().kind === 'delete';
	}

	public run(): RetentionOutcome {
		const { db, logger, retentionDays } = this.options;
		const decision = this.decide();
		switch (decision.kind) {
			case 'rehearsal':
				logger.info('Personal data retention: a rehearsal never deletes personal data.');
				return decision;
			case 'no-programme':
				logger.info('Personal data retention: no programme loaded, so nothing is deleted.');
				return decision;
			case 'keep':
				logger.debug(`Personal data retention: personal data is kept until ${decision.deleteFrom.toISOString()}.`);
				return decision;
			case 'delete': {
				const tables = this.options.tables ?? RETENTION_TABLES;
				// Table names come from the constant list, never from input; one transaction, so a crash leaves all or nothing.
				const deleted = db.transaction(() => Object.fromEntries(tables.map((table) => [table, db.prepare(`DELETE FROM ${table}`).run().changes])))();
				const total = Object.values(deleted).reduce((sum, count) => sum + count, 0);
				const perTable = Object.entries(deleted)
					.map(([table, count]) => `${table} ${count}`)
					.join(', ');
				logger.info(`Personal data retention: deleted ${total} rows (${perTable}), ${retentionDays} days after the last session.`);
				return { ...decision, deleted };
			}
		}
	}

	private decide(): RetentionDecision {
		return retentionDecision({
			sessions: this.options.sessions(),
			fetched: this.options.fetched(),
			rehearsal: this.options.rehearsal,
			retentionDays: this.options.retentionDays,
			...(this.options.minimumAfterEndMs ? { minimumAfterEndMs: this.options.minimumAfterEndMs } : {}),
			now: this.options.now()
		});
	}
}
