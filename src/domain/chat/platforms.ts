// The chat platforms Portero is installed in. Types, the database's columns, the store port and CLI arguments derive
// from these lists, so that a platform is named once.

export const PLATFORMS = ['slack', 'teams'] as const;
export type Platform = (typeof PLATFORMS)[number];

/** Where chat messages come from: the platforms, and the terminal chat of `portero chat`. */
export const CHAT_SURFACES = [...PLATFORMS, 'console'] as const;
export type ChatSurface = (typeof CHAT_SURFACES)[number];
