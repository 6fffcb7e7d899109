import { container } from '@sapphire/framework';
import type { BotConfig } from '../config/schema';
import type { ShutdownCoordinator } from '../lifecycle/ShutdownCoordinator';
import { openDatabase } from '../store/Database';
import { KeyValueStore } from '../store/KeyValueStore';
import { installHttp } from './http';
import { installProgramme } from './programme';
import { installRegistration } from './registration';

/** Things tests and the sandbox may swap: the clock, and where the database lives. */
export interface ServiceOverrides {
	now?: () => Date;
	databaseFile?: string;
}

/** Puts every service on Sapphire's container; pieces reach them as `this.container.<name>`. */
export function installServices(config: BotConfig, shutdown: ShutdownCoordinator, overrides: ServiceOverrides): void {
	container.config = config;
	container.now = overrides.now ?? (() => new Date());
	container.shutdown = shutdown;
	container.db = openDatabase(overrides.databaseFile ?? config.bot.data_file);
	container.kv = new KeyValueStore(container.db, container.now);
	container.guild = null;
	container.directory = null;
	container.lastPretixSync = null;
	installHttp(config);
	if (config.registration.enabled) installRegistration(config);
	if (config.programme.enabled) installProgramme(config);
}
