import {
	ApplicationCommandOptionType as O,
	ApplicationCommandType,
	ApplicationIntegrationType,
	ChannelType,
	ComponentType,
	GatewayDispatchEvents,
	InteractionContextType,
	InteractionResponseType as R,
	InteractionType,
	Locale,
	PermissionFlagsBits,
	type APIApplicationCommandAutocompleteGuildInteraction,
	type APIApplicationCommandInteractionDataBasicOption,
	type APIApplicationCommandInteractionDataOption,
	type APIChatInputApplicationCommandGuildInteraction,
	type APIInteractionDataResolved,
	type APIInteractionDataResolvedChannel,
	type APIMessageButtonInteractionData,
	type APIMessageComponentGuildInteraction,
	type APIMessageStringSelectInteractionData,
	type APIModalSubmissionComponent,
	type APIModalSubmitGuildInteraction,
	type APIModalSubmitTextInputComponent,
	type ModalSubmitComponent,
	type RESTGetAPIInteractionFollowupResult,
	type RESTGetAPIInteractionOriginalResponseResult,
	type RESTPatchAPIInteractionFollowupResult,
	type RESTPatchAPIInteractionOriginalResponseResult,
	type RESTPostAPIInteractionCallbackWithResponseResult,
	type RESTPostAPIInteractionFollowupResult,
	type ThreadChannelType
} from 'discord-api-types/v10';
import type { Reply } from './faults';
import { EPHEMERAL, LOADING, type MessageInput, type MessageService, type MessageView, type StandInCore } from './guildApi';
import { DiscordApiError, unknown, type RestCall, type RestHandler } from './http';
import type { ChannelRecord, CommandRecord, InteractionMetadata, MessageRecord, UserRecord } from './state';

/** A modal the bot showed; pass it to `submitModal`. */
export interface ModalView {
	custom_id: string;
	title: string;
	components: Record<string, any>[];
	/** The interaction that opened it. */
	interactionId: string;
}

/**
 * What the user sees in answer to an interaction. The object stays live: later edits and follow-ups update it.
 * Final when: a reply (4) or message update (7) is sent, a modal (9) is shown, or, after a deferral (5/6),
 * at the first PATCH of @original or the first follow-up.
 */
export interface InteractionResult {
	interactionId: string;
	/** The first callback type the bot sent: 4 reply, 5 deferred reply, 6 deferred update, 7 update, 9 modal. */
	callbackType: number;
	deferred: boolean;
	ephemeral: boolean;
	content: string;
	/** What the user read first: the reply's content before any later edit (a deferral's "thinking…" does not count). */
	firstContent?: string;
	embeds: Record<string, any>[];
	components: Record<string, any>[];
	attachments: MessageView['attachments'];
	modal?: ModalView;
	/** An autocomplete answer (callback 8): the choices the member's client lists. */
	choices?: { name: string; value: string | number }[];
	followUps: MessageView[];
	/** The response message (or the message a component update edited); pass it to `clickButton`. */
	message?: MessageView;
}

export type OptionValue = string | number | boolean | { id: string };

export interface CommandInput {
	subcommand?: string;
	group?: string;
	options?: Record<string, OptionValue>;
	/** Channel name, or a thread's id, the command is run in (default: the first text channel the user can see). */
	channel?: string;
}

interface InteractionRecord {
	id: string;
	token: string;
	type: InteractionType;
	userId: string;
	channelId: string;
	createdAt: Date;
	label: string;
	ackedWith: number | null;
	sourceMessageId?: string;
	/** A modal submit's: the interaction that showed the modal. */
	openerId?: string;
	originalMessageId?: string;
	messageIds: string[];
	result: InteractionResult;
	final: boolean;
	onFinal: Array<() => void>;
}

export interface InteractionOptions {
	/** Callbacks later than this are answered 404 10062 like Discord (default 3000 ms). */
	ackTimeoutMs: number;
	/** After this, the token's webhook routes answer 401 50027 like Discord's. */
	tokenLifetimeMs: number;
}

const textInputDefaults = { required: true };
/** What Discord says the app may do in its bot DMs, whatever its roles. */
const DM_APP_PERMISSIONS = PermissionFlagsBits.AttachFiles | PermissionFlagsBits.EmbedLinks | PermissionFlagsBits.MentionEveryone | PermissionFlagsBits.UseExternalEmojis;

/** What one kind of INTERACTION_CREATE carries besides what every guild interaction has; `message` is the one a component or modal came from. */
type InteractionKind =
	| Pick<APIChatInputApplicationCommandGuildInteraction, 'type' | 'data'>
	| Pick<APIApplicationCommandAutocompleteGuildInteraction, 'type' | 'data'>
	| Pick<APIMessageComponentGuildInteraction, 'type' | 'data' | 'message'>
	| Pick<APIModalSubmitGuildInteraction, 'type' | 'data' | 'message'>;

/** Creates interactions, answers the callback and webhook routes, and resolves each interaction's visible result. */
export class InteractionTracker {
	readonly #records = new Map<string, InteractionRecord>();
	/** Edits and follow-ups tried on a token past its lifetime: a bot should never make one. */
	public deadTokenRequests = 0;

	public constructor(
		private readonly core: StandInCore,
		private readonly messages: MessageService,
		private readonly options: InteractionOptions
	) {}

	public get routes(): Record<string, RestHandler> {
		const original = '/webhooks/{webhook_id}/{webhook_token}/messages/@original';
		const byId = '/webhooks/{webhook_id}/{webhook_token}/messages/{message_id}';
		return {
			'POST /interactions/{interaction_id}/{interaction_token}/callback': (call) => this.#callback(call),
			[`GET ${original}`]: ({ params }) => ({ status: 200, body: this.messages.api(this.#original(this.#byToken(params))) satisfies RESTGetAPIInteractionOriginalResponseResult }),
			[`PATCH ${original}`]: ({ params, body, files }) => {
				const record = this.#byToken(params);
				const message = this.messages.edit(this.#original(record), body, files);
				this.#finalize(record);
				this.#refresh(record);
				return { status: 200, body: this.messages.api(message) satisfies RESTPatchAPIInteractionOriginalResponseResult };
			},
			[`DELETE ${original}`]: ({ params }) => {
				const record = this.#byToken(params);
				this.messages.remove(this.#original(record));
				return { status: 204 };
			},
			'POST /webhooks/{webhook_id}/{webhook_token}': (call) => this.#followUp(call),
			[`GET ${byId}`]: ({ params }) => ({ status: 200, body: this.messages.api(this.#ownMessage(this.#byToken(params), params.message_id)) satisfies RESTGetAPIInteractionFollowupResult }),
			[`PATCH ${byId}`]: ({ params, body, files }) => {
				const record = this.#byToken(params);
				const message = this.messages.edit(this.#ownMessage(record, params.message_id), body, files);
				this.#refresh(record);
				return { status: 200, body: this.messages.api(message) satisfies RESTPatchAPIInteractionFollowupResult };
			},
			[`DELETE ${byId}`]: ({ params }) => {
				this.messages.remove(this.#ownMessage(this.#byToken(params), params.message_id));
				return { status: 204 };
			}
		};
	}

	/** Dispatches a slash command as INTERACTION_CREATE; options are checked against the registered definition like Discord's client does. */
	public command(user: UserRecord, name: string, input: CommandInput): { id: string; done: Promise<InteractionResult>; label: string } {
		const { state } = this.core;
		const command =
			state.commands.find((c) => c.guildId === state.guildId && c.body.name === name && (c.body.type ?? 1) === 1) ??
			state.commands.find((c) => c.guildId === null && c.body.name === name && (c.body.type ?? 1) === 1);
		if (!command) throw new Error(`Discord stand-in: /${name} is not registered (registered: ${state.commands.map((c) => `/${c.body.name}`).join(' ') || 'none'})`);
		const required = command.body.default_member_permissions;
		const channel = this.#channelFor(user, input.channel);
		// Discord's client offers no commands in an archived thread (docs, "Active & Archived Threads").
		if (state.channels.get(channel)?.thread?.archived) throw new Error(`Discord stand-in: @${user.username} cannot run /${name} in an archived thread`);
		if (typeof required === 'string' && required !== '' && (state.channelPermissions(user.id, channel) & BigInt(required)) !== BigInt(required)) {
			throw new Error(`Discord stand-in: @${user.username} cannot see /${name} (default_member_permissions ${required})`);
		}
		const { options, resolved, label } = this.#commandOptions(command, input);
		const data: APIChatInputApplicationCommandGuildInteraction['data'] = {
			id: command.id,
			name,
			type: ApplicationCommandType.ChatInput,
			...(command.guildId ? { guild_id: command.guildId } : {}),
			...(options.length > 0 ? { options } : {}),
			...(resolved ? { resolved } : {})
		};
		return this.#dispatch(user, channel, { type: InteractionType.ApplicationCommand, data }, `/${name}${label}`);
	}

	/**
	 * Dispatches what Discord's client sends while a member types into an autocomplete option: the options given so far
	 * (required ones may still be missing) and the one being typed, marked `focused`, its value a string as typed.
	 */
	public autocomplete(user: UserRecord, name: string, input: CommandInput & { focused: string; typed: string }): { id: string; done: Promise<InteractionResult>; label: string } {
		const { state } = this.core;
		const command = state.commands.find((c) => c.body.name === name && (c.body.type ?? 1) === 1 && (c.guildId === state.guildId || c.guildId === null));
		if (!command) throw new Error(`Discord stand-in: /${name} is not registered`);
		let definitions: Record<string, any>[] = ('options' in command.body ? command.body.options : undefined) ?? [];
		if (input.subcommand) definitions = definitions.find((d) => d.type === O.Subcommand && d.name === input.subcommand)?.options ?? [];
		const focused = definitions.find((d) => d.name === input.focused);
		if (!focused?.autocomplete) throw new Error(`Discord stand-in: /${name} ${input.subcommand ?? ''} option "${input.focused}" has no autocomplete`);
		const given = Object.entries(input.options ?? {}).map(([key, value]) => ({ name: key, type: definitions.find((d) => d.name === key)?.type ?? O.String, value }));
		const options = [...given, { name: input.focused, type: focused.type, value: input.typed, focused: true }] as APIApplicationCommandInteractionDataBasicOption[];
		const data: APIApplicationCommandAutocompleteGuildInteraction['data'] = {
			id: command.id,
			name,
			type: ApplicationCommandType.ChatInput,
			...(command.guildId ? { guild_id: command.guildId } : {}),
			options: input.subcommand ? [{ name: input.subcommand, type: O.Subcommand, options }] : options
		};
		const channel = this.#channelFor(user, input.channel);
		return this.#dispatch(user, channel, { type: InteractionType.ApplicationCommandAutocomplete, data }, `typed "${input.typed}" into /${name} ${input.focused}`);
	}

	/** Dispatches a component interaction for the button or select menu with `customId` on `message`. */
	public component(user: UserRecord, message: MessageRecord, customId: string, values?: string[]): { id: string; done: Promise<InteractionResult>; label: string } {
		const component = findComponent(message.components, (c) => c.custom_id === customId);
		if (!component) throw new Error(`Discord stand-in: message ${message.id} has no component "${customId}"`);
		if (component.disabled) throw new Error(`Discord stand-in: component "${customId}" is disabled`);
		const isButton = component.type === ComponentType.Button;
		// User, role, mentionable and channel selects would need resolved data the stand-in does not build.
		if (!isButton && component.type !== ComponentType.StringSelect) throw new Error(`Discord stand-in: component type ${component.type} is not supported`);
		if (!isButton && !values) throw new Error(`Discord stand-in: "${customId}" is a select menu; pass values`);
		if (!isButton) {
			// Discord's client only lets a member pick listed options, each once, between min_values and max_values.
			const listed = new Set((component.options as Array<{ value: string }>).map((option) => option.value));
			const [min, max] = [component.min_values ?? 1, component.max_values ?? 1];
			const unknown = values!.filter((value) => !listed.has(value));
			if (unknown.length) throw new Error(`Discord stand-in: "${customId}" has no option ${unknown.map((value) => `"${value}"`).join(', ')}`);
			if (new Set(values).size !== values!.length || values!.length < min || values!.length > max) {
				throw new Error(`Discord stand-in: "${customId}" takes ${min}–${max} distinct options, not ${values!.length}`);
			}
		}
		const data: APIMessageButtonInteractionData | APIMessageStringSelectInteractionData = isButton
			? { custom_id: customId, component_type: ComponentType.Button }
			: { custom_id: customId, component_type: ComponentType.StringSelect, values: values! };
		// What the member sees on the button: its emoji too (a 👍 whose label is only the vote count).
		const face = [component.emoji?.name, component.label].filter(Boolean).join(' ') || customId;
		const label = isButton ? `clicked [${face}] (${customId})` : `chose ${values!.join(', ')} in ${customId}`;
		return this.#dispatch(user, message.channelId, { type: InteractionType.MessageComponent, data, message: this.messages.api(message) }, label);
	}

	/** Dispatches a modal submit with `values` keyed by the inputs' custom ids; required and length rules are enforced like the client. */
	public modalSubmit(user: UserRecord, modal: ModalView, values: Record<string, string | string[]>): { id: string; done: Promise<InteractionResult>; label: string } {
		const opener = this.#records.get(modal.interactionId);
		if (!opener) throw new Error(`Discord stand-in: modal "${modal.custom_id}" was not opened by a known interaction`);
		const used = new Set<string>();
		let nextId = 1;
		const idOf = (component: Record<string, any>): number => component.id ?? nextId++;
		const textInput = (component: Record<string, any>): APIModalSubmitTextInputComponent => {
			const id = idOf(component);
			const value = values[component.custom_id] ?? '';
			if (typeof value !== 'string') throw new Error(`Discord stand-in: field "${component.custom_id}" takes a string`);
			used.add(component.custom_id);
			const rules: { required: boolean; min_length?: number; max_length?: number } = { ...textInputDefaults, ...component };
			if (rules.required && value === '') throw new Error(`Discord stand-in: modal "${modal.title}" needs a value for "${component.custom_id}"`);
			if (value !== '' && ((rules.min_length && value.length < rules.min_length) || (rules.max_length && value.length > rules.max_length))) {
				throw new Error(`Discord stand-in: "${component.custom_id}" must be ${rules.min_length ?? 0}–${rules.max_length ?? 4000} characters`);
			}
			return { type: ComponentType.TextInput, id, custom_id: component.custom_id, value };
		};
		const field = (component: Record<string, any>): ModalSubmitComponent => {
			if (component.type === ComponentType.TextInput) return textInput(component);
			if (component.type !== ComponentType.StringSelect) throw new Error(`Discord stand-in: modal component type ${component.type} is not supported`);
			const id = idOf(component);
			used.add(component.custom_id);
			return { type: ComponentType.StringSelect, id, custom_id: component.custom_id, values: [values[component.custom_id] ?? []].flat() };
		};
		// The spec let the modal through with only these at the top: action rows of text inputs, labels and text displays.
		const components = modal.components.map((top): APIModalSubmissionComponent => {
			if (top.type === ComponentType.ActionRow) return { type: ComponentType.ActionRow, id: idOf(top), components: top.components.map(textInput) };
			if (top.type === ComponentType.Label) return { type: ComponentType.Label, id: idOf(top), component: field(top.component) };
			if (top.type === ComponentType.TextDisplay) return { type: ComponentType.TextDisplay, id: idOf(top) };
			throw new Error(`Discord stand-in: modal component type ${top.type} is not supported`);
		});
		const extra = Object.keys(values).filter((key) => !used.has(key));
		if (extra.length > 0) throw new Error(`Discord stand-in: modal "${modal.title}" has no field ${extra.map((key) => `"${key}"`).join(', ')}`);
		const source = opener.sourceMessageId ? this.messages.find(opener.channelId, opener.sourceMessageId) : undefined;
		const dispatched = this.#dispatch(
			user,
			opener.channelId,
			{ type: InteractionType.ModalSubmit, data: { custom_id: modal.custom_id, components }, ...(source ? { message: this.messages.api(source) } : {}) },
			`submitted modal ${modal.custom_id}`
		);
		this.#records.get(dispatched.id)!.openerId = opener.id;
		return dispatched;
	}

	/** What a message made by an interaction's answer records of it: the spec's interaction_metadata needs the clicked message, or the modal's opener. */
	#metadataOf(record: InteractionRecord): InteractionMetadata {
		const opener = record.openerId ? this.#records.get(record.openerId) : undefined;
		return {
			id: record.id,
			type: record.type,
			userId: record.userId,
			...(record.type === InteractionType.MessageComponent && record.sourceMessageId ? { interactedMessageId: record.sourceMessageId } : {}),
			...(opener ? { triggering: this.#metadataOf(opener) } : {})
		};
	}

	public describe(id: string): string {
		const record = this.#records.get(id)!;
		const user = this.core.state.users.get(record.userId)!;
		const state = record.ackedWith === null ? 'never acknowledged' : `acknowledged with type ${record.ackedWith}, never completed`;
		return `${record.label} by @${user.username} (interaction ${id}): ${state}`;
	}

	/** The modal an interaction's callback showed. */
	public modal(id: string): ModalView | undefined {
		return this.#records.get(id)?.result.modal;
	}

	public whenFinal(id: string): Promise<InteractionResult> {
		const record = this.#records.get(id)!;
		if (record.final) return Promise.resolve(record.result);
		return new Promise((resolve) => record.onFinal.push(() => resolve(record.result)));
	}

	#dispatch(user: UserRecord, channelId: string, kind: InteractionKind, label: string) {
		const { state } = this.core;
		// A DM with the bot outlives leaving the server; everywhere else only members can interact.
		if (state.channels.get(channelId)?.guildId && !state.members.has(user.id)) throw new Error(`Discord stand-in: @${user.username} is not a member of the guild`);
		const id = this.core.ids.next();
		const token = `aW50ZXJhY3Rpb246${Buffer.from(id).toString('base64url')}`;
		const record: InteractionRecord = {
			id,
			token,
			type: kind.type,
			userId: user.id,
			channelId,
			createdAt: this.core.clock(),
			label,
			ackedWith: null,
			sourceMessageId: 'message' in kind ? kind.message?.id : undefined,
			messageIds: [],
			result: { interactionId: id, callbackType: 0, deferred: false, ephemeral: false, content: '', embeds: [], components: [], attachments: [], followUps: [] },
			final: false,
			onFinal: []
		};
		this.#records.set(id, record);
		const channel = state.channels.get(channelId)!;
		this.core.events.push({ kind: 'interaction', at: record.createdAt, interactionId: id, username: user.username, summary: `${label} in ${this.messages.where(channel)}` });
		const common = { id, application_id: state.applicationId, token, version: 1 as const, channel_id: channelId, locale: state.userLocales.get(user.id) ?? Locale.EnglishUS, entitlements: [], attachment_size_limit: 10_485_760 };
		// In the bot's DMs Discord sends the user instead of a member, no guild, and the app's fixed DM permissions.
		const where = channel.guildId
			? {
					guild_id: state.guildId,
					guild: { id: state.guildId, locale: state.preferredLocale, features: [] },
					channel: state.apiInteractionChannel(channel),
					member: { ...state.apiMember(user.id), permissions: state.channelPermissions(user.id, channelId).toString() },
					app_permissions: state.channelPermissions(state.botUserId, channelId).toString(),
					guild_locale: state.preferredLocale,
					authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: state.guildId },
					context: InteractionContextType.Guild as const
				}
			: {
					channel: state.apiDMChannel(channel),
					user: state.apiUser(user.id),
					app_permissions: DM_APP_PERMISSIONS.toString(),
					authorizing_integration_owners: { [ApplicationIntegrationType.GuildInstall]: '0' },
					context: InteractionContextType.BotDM as const
				};
		this.core.gateway.dispatch(GatewayDispatchEvents.InteractionCreate, { ...common, ...where, ...kind });
		return { id, label, done: this.whenFinal(id) };
	}

	#callback({ params, query, body, files }: RestCall): Reply {
		const record = this.#records.get(params.interaction_id);
		if (!record || record.token !== params.interaction_token) throw unknown.interaction();
		if (record.ackedWith !== null) throw new DiscordApiError(400, 40060, 'Interaction has already been acknowledged.');
		if (this.core.clock().getTime() - record.createdAt.getTime() > this.options.ackTimeoutMs) throw unknown.interaction();
		const type = Number(body.type);
		const data: MessageInput & { custom_id?: string; title?: string; components?: Record<string, any>[] } = body.data ?? {};
		const fromMessage = record.sourceMessageId !== undefined;
		// An autocomplete interaction takes only its result (8), and only it may.
		const allowed = record.type === InteractionType.ApplicationCommandAutocomplete ? [R.ApplicationCommandAutocompleteResult] : [R.ChannelMessageWithSource, R.DeferredChannelMessageWithSource];
		if (fromMessage) allowed.push(R.DeferredMessageUpdate, R.UpdateMessage);
		if (record.type !== InteractionType.ModalSubmit && record.type !== InteractionType.ApplicationCommandAutocomplete) allowed.push(R.Modal);
		if (!allowed.includes(type)) {
			throw new DiscordApiError(400, 50035, 'Invalid Form Body', { type: { _errors: [{ code: 50035, message: 'INTERACTION_RESPONSE_TYPE_INVALID: Invalid interaction response type' }] } });
		}
		// A refused answer leaves the interaction unacknowledged, as Discord's 400 does.
		if (type === R.ApplicationCommandAutocompleteResult) autocompleteChoices(body);
		record.ackedWith = type;
		record.result.callbackType = type;
		const interaction = this.#metadataOf(record);
		let message: MessageRecord | undefined;
		switch (type) {
			case R.ChannelMessageWithSource:
				message = this.messages.create(record.channelId, this.core.state.botUserId, data, files, { webhookId: this.core.state.applicationId, interaction });
				record.originalMessageId = message.id;
				this.#finalize(record);
				break;
			case R.DeferredChannelMessageWithSource:
				record.result.deferred = true;
				message = this.messages.create(record.channelId, this.core.state.botUserId, { flags: LOADING | ((data.flags ?? 0) & EPHEMERAL) }, [], {
					webhookId: this.core.state.applicationId,
					interaction
				});
				record.originalMessageId = message.id;
				break;
			case R.DeferredMessageUpdate:
				record.result.deferred = true;
				record.originalMessageId = record.sourceMessageId;
				break;
			case R.UpdateMessage:
				record.originalMessageId = record.sourceMessageId;
				message = this.messages.edit(this.#original(record), { ...data, flags: undefined }, files);
				this.#finalize(record);
				break;
			case R.ApplicationCommandAutocompleteResult: {
				record.result.choices = autocompleteChoices(body);
				this.#finalize(record);
				break;
			}
			case R.Modal:
				record.result.modal = { custom_id: data.custom_id!, title: data.title!, components: data.components ?? [], interactionId: record.id };
				this.core.events.push({
					kind: 'modal',
					at: this.core.clock(),
					interactionId: record.id,
					username: this.core.state.users.get(record.userId)!.username,
					customId: data.custom_id!,
					title: data.title!
				});
				this.#finalize(record);
				break;
		}
		if (message) record.messageIds.push(message.id);
		this.#refresh(record);
		if (query.get('with_response') !== 'true') return { status: 204 };
		return {
			status: 200,
			body: {
				interaction: {
					id: record.id,
					type: record.type,
					...(message ? { response_message_id: message.id, response_message_loading: Boolean(message.flags & LOADING), response_message_ephemeral: Boolean(message.flags & EPHEMERAL) } : {})
				},
				...(type === R.Modal || type === R.DeferredMessageUpdate ? {} : { resource: { type, ...(message ? { message: this.messages.api(message) } : {}) } })
			} satisfies RESTPostAPIInteractionCallbackWithResponseResult
		};
	}

	#followUp({ params, query, body, files }: RestCall): Reply {
		const record = this.#byToken(params);
		if (record.ackedWith === null) throw unknown.webhook();
		const original = record.originalMessageId ? this.messages.find(record.channelId, record.originalMessageId) : undefined;
		let message: MessageRecord;
		// Discord turns the first follow-up after a deferred reply into the reply itself.
		if (record.ackedWith === R.DeferredChannelMessageWithSource && original && original.flags & LOADING) {
			message = this.messages.edit(original, { ...body, flags: undefined }, files);
		} else {
			message = this.messages.create(record.channelId, this.core.state.botUserId, body, files, {
				webhookId: this.core.state.applicationId,
				interaction: this.#metadataOf(record)
			});
			record.messageIds.push(message.id);
			record.result.followUps.push(this.messages.view(message));
		}
		this.#finalize(record);
		this.#refresh(record);
		return query.get('wait') === 'false' ? { status: 204 } : { status: 200, body: this.messages.api(message) satisfies RESTPostAPIInteractionFollowupResult };
	}

	#byToken(params: Record<string, string>): InteractionRecord {
		if (params.webhook_id !== this.core.state.applicationId) throw unknown.webhook();
		for (const record of this.#records.values()) {
			if (record.token !== params.webhook_token) continue;
			if (this.core.clock().getTime() - record.createdAt.getTime() > this.options.tokenLifetimeMs) {
				this.deadTokenRequests++;
				throw new DiscordApiError(401, 50027, 'Invalid Webhook Token');
			}
			return record;
		}
		throw unknown.webhook();
	}

	#original(record: InteractionRecord): MessageRecord {
		const message = record.originalMessageId ? this.messages.find(record.channelId, record.originalMessageId) : undefined;
		if (!message) throw unknown.message();
		return message;
	}

	#ownMessage(record: InteractionRecord, messageId: string): MessageRecord {
		if (!record.messageIds.includes(messageId) && record.originalMessageId !== messageId) throw unknown.message();
		const message = this.messages.find(record.channelId, messageId);
		if (!message) throw unknown.message();
		return message;
	}

	#finalize(record: InteractionRecord): void {
		if (record.final) return;
		record.final = true;
		this.#refresh(record);
		for (const resolve of record.onFinal.splice(0)) resolve();
	}

	/** Copies the current state of the original response into the live result. */
	#refresh(record: InteractionRecord): void {
		const original = record.originalMessageId ? this.messages.find(record.channelId, record.originalMessageId) : undefined;
		const { result } = record;
		result.followUps = record.messageIds
			.filter((id) => id !== record.originalMessageId)
			.map((id) => this.messages.find(record.channelId, id))
			.filter((message): message is MessageRecord => Boolean(message))
			.map((message) => this.messages.view(message));
		if (!original) return;
		const view = this.messages.view(original);
		if (result.firstContent === undefined && view.content) result.firstContent = view.content;
		Object.assign(result, {
			ephemeral: view.ephemeral,
			content: view.content,
			embeds: view.embeds,
			components: view.components,
			attachments: view.attachments,
			message: view
		});
	}

	#channelFor(user: UserRecord, name: string | undefined): string {
		const { state } = this.core;
		if (name !== undefined) {
			const thread = state.channels.get(name)?.thread ? state.channels.get(name) : undefined;
			const channel = thread ?? state.channelByName(name);
			if (!channel) throw new Error(`Discord stand-in: no channel #${name}`);
			if (thread && !(state.channelPermissions(user.id, thread.id) & PermissionFlagsBits.ViewChannel)) throw new Error(`Discord stand-in: @${user.username} cannot see thread "${thread.name}"`);
			return channel.id;
		}
		for (const channel of state.channels.values()) {
			if (channel.guildId && channel.type === 0 && state.channelPermissions(user.id, channel.id) & 1024n) return channel.id;
		}
		throw new Error(`Discord stand-in: @${user.username} cannot see any text channel`);
	}

	#commandOptions(command: CommandRecord, input: CommandInput) {
		const resolved: APIInteractionDataResolved = {};
		let definitions: Record<string, any>[] = ('options' in command.body ? command.body.options : undefined) ?? [];
		const path: string[] = [];
		const wrap: Array<(inner: APIApplicationCommandInteractionDataOption[]) => APIApplicationCommandInteractionDataOption[]> = [];
		const descend = (name: string | undefined, type: O.SubcommandGroup | O.Subcommand, what: string) => {
			const hasLevel = definitions.some((d) => d.type === type);
			if (!name) {
				if (hasLevel) throw new Error(`Discord stand-in: /${command.body.name} needs a ${what}`);
				return;
			}
			const definition = definitions.find((d) => d.type === type && d.name === name);
			if (!definition) throw new Error(`Discord stand-in: /${command.body.name} has no ${what} "${name}"`);
			path.push(name);
			// A group holds subcommands and a subcommand holds basic options: descend() runs group first, so each level wraps the right kind.
			wrap.push((inner) => [{ name, type, options: inner } as APIApplicationCommandInteractionDataOption]);
			definitions = definition.options ?? [];
		};
		descend(input.group, O.SubcommandGroup, 'subcommand group');
		descend(input.subcommand, O.Subcommand, 'subcommand');
		const given = input.options ?? {};
		const options: APIApplicationCommandInteractionDataBasicOption[] = [];
		for (const [name, value] of Object.entries(given)) {
			const definition = definitions.find((d) => d.name === name);
			if (!definition) throw new Error(`Discord stand-in: /${[command.body.name, ...path].join(' ')} has no option "${name}"`);
			options.push({ name, type: definition.type, value: this.#optionValue(definition, value, resolved) });
		}
		for (const definition of definitions) {
			if (definition.required && !(definition.name in given)) throw new Error(`Discord stand-in: option "${definition.name}" is required`);
		}
		const nested = wrap.reduceRight<APIApplicationCommandInteractionDataOption[]>((inner, wrapper) => wrapper(inner), options);
		const label = [...path, ...Object.entries(given).map(([k, v]) => `${k}:${typeof v === 'object' ? v.id : v}`)].map((part) => ` ${part}`).join('');
		return { options: nested, resolved: Object.keys(resolved).length > 0 ? resolved : undefined, label };
	}

	/** Discord's docs give a resolved channel id, name, type and permissions, a thread also its metadata; the stand-in also sends parent_id. */
	#resolvedChannel(channel: ChannelRecord): APIInteractionDataResolvedChannel & { parent_id: string | null } {
		const permissions = '0';
		if (channel.thread) {
			const { type, parent_id, thread_metadata } = this.core.state.apiThread(channel);
			return { id: channel.id, name: channel.name, type, parent_id, thread_metadata, permissions };
		}
		const type = channel.type as Exclude<ChannelType, ThreadChannelType>;
		return { id: channel.id, name: channel.name, type, parent_id: channel.parentId, permissions };
	}

	#optionValue(definition: Record<string, any>, value: OptionValue, resolved: APIInteractionDataResolved): string | number | boolean {
		const { state } = this.core;
		const fail = (expected: string) => new Error(`Discord stand-in: option "${definition.name}" takes ${expected}`);
		const addRole = (id: string) => ((resolved.roles ??= {})[id] = state.apiRole(state.roles.get(id)!));
		const userId = () => {
			const user = typeof value === 'object' ? state.users.get(value.id) : typeof value === 'string' ? state.userByName(value) ?? state.users.get(value) : undefined;
			return user?.id;
		};
		const roleId = () => (typeof value === 'string' ? (state.roleByName(value) ?? state.roles.get(value))?.id : typeof value === 'object' ? value.id : undefined);
		switch (definition.type) {
			case O.String:
				if (typeof value !== 'string') throw fail('a string');
				if (definition.choices && !definition.choices.some((choice: { value: unknown }) => choice.value === value)) throw fail(`one of its choices`);
				return value;
			case O.Integer:
			case O.Number:
				if (typeof value !== 'number' || (definition.type === O.Integer && !Number.isInteger(value))) throw fail('a number');
				if (definition.choices && !definition.choices.some((choice: { value: unknown }) => choice.value === value)) throw fail(`one of its choices`);
				return value;
			case O.Boolean:
				if (typeof value !== 'boolean') throw fail('true or false');
				return value;
			case O.User:
			case O.Mentionable: {
				const id = userId();
				if (id) {
					(resolved.users ??= {})[id] = state.apiUser(id);
					if (state.members.has(id)) (resolved.members ??= {})[id] = { ...state.apiMemberNoUser(id), permissions: state.guildPermissions(id).toString() };
					return id;
				}
				if (definition.type === O.User) throw fail('a user');
				const role = roleId();
				if (!role || !state.roles.has(role)) throw fail('a user or role');
				addRole(role);
				return role;
			}
			case O.Role: {
				const role = roleId();
				if (!role || !state.roles.has(role)) throw fail('a role');
				addRole(role);
				return role;
			}
			case O.Channel: {
				const channel = typeof value === 'string' ? state.channelByName(value) ?? state.channels.get(value) : undefined;
				if (!channel) throw fail('a channel');
				(resolved.channels ??= {})[channel.id] = this.#resolvedChannel(channel);
				return channel.id;
			}
			default:
				throw new Error(`Discord stand-in: option type ${definition.type} is not supported`);
		}
	}
}

/** Depth-first search through action rows, containers, sections and labels. */
export function findComponent(components: Record<string, any>[], predicate: (component: Record<string, any>) => boolean): Record<string, any> | undefined {
	for (const component of components) {
		if (predicate(component)) return component;
		const children = [...(component.components ?? []), ...(component.accessory ? [component.accessory] : []), ...(component.component ? [component.component] : [])];
		const found = findComponent(children, predicate);
		if (found) return found;
	}
	return undefined;
}

/** The custom ids of a modal's inputs in the order they appear, paired with `values` (one per field, top to bottom). */
export function modalFieldValues(modal: ModalView, values: readonly string[]): Record<string, string> {
	const ids: string[] = [];
	findComponent(modal.components, (component) => {
		if (component.type === ComponentType.TextInput || component.type === ComponentType.StringSelect) ids.push(component.custom_id);
		return false;
	});
	if (values.length > ids.length) throw new Error(`Discord stand-in: modal "${modal.title}" has ${ids.length} fields, got ${values.length} values`);
	return Object.fromEntries(values.map((value, index) => [ids[index]!, value]));
}

/** An autocomplete result's choices, refused like Discord does past 25 or with a name or value outside 1–100 characters. */
function autocompleteChoices(body: Record<string, any>): { name: string; value: string | number }[] {
	const choices: { name: string; value: string | number }[] = body.data?.choices ?? [];
	const bad = choices.length > 25 || choices.some((choice) => !choice.name || choice.name.length > 100 || String(choice.value).length > 100);
	if (bad) {
		throw new DiscordApiError(400, 50035, 'Invalid Form Body', {
			// The spec's error codes are integers (Discord writes names like BASE_TYPE_BAD_LENGTH there; the spec decides).
			data: { choices: { _errors: [{ code: 50035, message: 'BASE_TYPE_BAD_LENGTH: Must be 25 or fewer in length; names and values 1–100 characters.' }] } }
		});
	}
	return choices;
}
