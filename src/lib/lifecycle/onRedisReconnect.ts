/** The events of an ioredis connection that matter here. */
export interface ConnectionEvents {
	on(event: 'close' | 'ready', listener: () => void): unknown;
	off(event: 'close' | 'ready', listener: () => void): unknown;
}

/**
 * Calls `handler` each time the connection is ready again after it was lost. A restarted Redis may have lost every
 * delayed job (and the repeated refresh), so the caller recreates them; the ledger keeps that from posting twice.
 * Returns a function that stops watching.
 */
export function onRedisReconnect(connection: ConnectionEvents, handler: () => Promise<void>, onError: (error: unknown) => void): () => void {
	let lost = false;
	const closed = () => {
		lost = true;
	};
	const ready = () => {
		if (!lost) return;
		lost = false;
		handler().catch(onError);
	};
	connection.on('close', closed);
	connection.on('ready', ready);
	return () => {
		connection.off('close', closed);
		connection.off('ready', ready);
	};
}
