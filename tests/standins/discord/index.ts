export { DiscordStandIn, type DiscordStandInOptions, type MemberView, type NewMember, type UserRef } from './DiscordStandIn';
export { formatEvent, type EventKind, type StandInEvent } from './events';
export type { FailureSpec, HeldRequest, RateLimitOptions } from './faults';
export type { AttachmentView, MessageView } from './guildApi';
export type { RecordedRequest, UploadedFile } from './http';
export type { CommandInput, InteractionResult, ModalView, OptionValue } from './interactions';
export type { SpecIssue } from './openapi';
export { demoGuild, emptyGuild, largeGuild, type ChannelSeed, type GuildSeed, type MemberSeed, type RoleSeed } from './seed';
export { SnowflakeFactory, type Clock } from './snowflake';
