// The floor starts nothing. Without this file Next would take Latchkey's own (one folder up,
// in the same Turbopack root) and start Latchkey's database, sweeper and hash pool.
export function register(): void {}
