import { container } from '@sapphire/framework';
import type { BotConfig } from '#lib/config/schema';
import { drainLogs } from '#lib/discord/logChannel';
import type { ShutdownCoordinator } from '#lib/lifecycle/ShutdownCoordinator';
import { MemberRoles } from '#lib/registration/MemberRoles';
import { openDatabase } from '#lib/store/Database';
import { StatsDesk } from '#lib/statistics/StatsDesk';
import { KeyValueStore } from '#lib/store/KeyValueStore';
import { installHttp } from './http';
import { installProgramme } from './programme';
import { installRegistration } from './registration';

/** Puts every service on Sapphire's container; pieces reach them as `this.container.<name>`. */
export function installServices(config: BotConfig, shutdown: ShutdownCoordinator): void {
	container.config = config;
	container.now = () => new Date();
	container.shutdown = shutdown;
	// The first closing step: entries the features write while stopping still reach the log channel.
	shutdown.addClosing('log channel', drainLogs);
	container.db = openDatabase(config.bot.data_file);
	container.kv = new KeyValueStore(container.db, container.now);
	container.guild = null;
	container.directory = null;
	container.lastPretixSync = null;
	container.statsDesk = new StatsDesk();
	installHttp(config);
	// Before the features: registration and speakers both ask it which roles a member should hold.
	container.memberRoles = new MemberRoles((userId) => (config.registration.enabled ? container.ledger.ticketsOf(userId).flatMap((registration) => registration.roles) : []));
	if (config.registration.enabled) installRegistration(config);
	if (config.programme.enabled) installProgramme(config);
}
