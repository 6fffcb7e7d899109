/**
 * Every table that holds members' agenda data, all personal: the retention after the conference empties each of them.
 * A new agenda table is added here, so nothing personal outlives the conference by mistake.
 */
export const AGENDA_PERSONAL_DATA_TABLES: readonly string[] = ['agenda_bookmarks', 'agenda_members', 'agenda_dms'];
