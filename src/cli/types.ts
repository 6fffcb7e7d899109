/** A CLI area: gets its argv (after the area name) and returns the process exit code. */
export type CliCommand = (argv: string[], out: (line: string) => void, err: (line: string) => void) => Promise<number>;
