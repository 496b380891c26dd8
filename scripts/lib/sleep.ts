/** Resolves after `ms` milliseconds: the tools' one pause (polling n8n, pacing loads, settling). */
export const sleep = (ms: number): Promise<void> =>
	new Promise((resolve) => setTimeout(resolve, ms));
