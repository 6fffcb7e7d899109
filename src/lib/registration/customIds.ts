// Persistent custom ids: they survive restarts, so the form message is edited in place instead of reposted.
export const RegistrationIds = {
	button: 'usher:registration:open',
	modal: 'usher:registration:submit',
	orderField: 'order',
	nameField: 'name'
} as const;
