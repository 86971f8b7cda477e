// Where the CLI writes: the process's streams in production, buffers in tests.

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}
