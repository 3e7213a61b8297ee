import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach } from 'vitest';
import type { ProgressEventInput } from '../../src/learning/events.js';

const dirs: string[] = [];

/** A fresh MTLS_TUTOR_HOME-like folder, removed after the test. */
export function tempHome(): string {
  const dir = mkdtempSync(join(tmpdir(), 'mtls-progress-'));
  dirs.push(dir);
  return dir;
}

afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

export function answer(questionId: string, correct = true, at = '2026-03-02T10:00:00.000Z'): ProgressEventInput {
  return { type: 'answer', at, lessonId: 'l', questionId, choice: correct ? 0 : 1, correct, hintUsed: false, mode: 'practice' };
}

export const isRoot = process.getuid?.() === 0;
