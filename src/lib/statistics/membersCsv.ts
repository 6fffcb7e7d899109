import { stringify } from 'csv-stringify/sync';

export interface MemberCsvRow {
	id: string;
	username: string;
	displayName: string;
	nickname: string | null;
	joinedAt: Date | null;
	/** Role names, highest first. */
	roles: readonly string[];
	registeredTicketType: string | null;
	registeredAt: Date | null;
}

const COLUMNS = ['id', 'username', 'display name', 'nickname', 'joined', 'roles', 'registered ticket type', 'registered at'];

/** Member export for organizers: UTF-8 with BOM so spreadsheet apps detect the encoding; dates in ISO 8601 UTC. */
export function membersCsv(rows: readonly MemberCsvRow[]): string {
	const records = rows.map((row) =>
		[
			row.id,
			row.username,
			row.displayName,
			row.nickname ?? '',
			row.joinedAt?.toISOString() ?? '',
			row.roles.join('; '),
			row.registeredTicketType ?? '',
			row.registeredAt?.toISOString() ?? ''
		].map(defuseFormula)
	);
	return stringify(records, { header: true, columns: COLUMNS, bom: true, record_delimiter: '\r\n' });
}

/**
 * CSV injection guard (OWASP): a cell starting with = + - @ tab or carriage return would run as a formula in a spreadsheet,
 * so it gets a leading apostrophe. Names and nicknames are chosen by attendees, so this matters.
 */
export function defuseFormula(cell: string): string {
	return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}
