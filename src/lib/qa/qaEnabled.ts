import type { BotConfig } from '#lib/config/schema';

/** Q&A runs on the programme's sessions and room channels: on only when both are. */
export const qaEnabled = (config: BotConfig): boolean => config.programme.enabled && config.qa.enabled;
