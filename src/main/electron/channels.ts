// IPC channel names shared by the main process (ipc.ts) and the preload. One channel carries every
// request as {name, payload}; one carries every event as {name, payload}.
export const REQUEST_CHANNEL = 'workbench:request';
export const EVENT_CHANNEL = 'workbench:event';
