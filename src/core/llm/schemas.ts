/**
 * The answer shapes the distillers ask for. zod stays inside src/core/llm/; distillers use the
 * inferred types and pass these schemas to completeStructured.
 */
import { z } from 'zod';

const scope = z.array(z.string().max(200)).max(20).default([]);

export const skillEditSchema = z.object({
  action: z.enum(['create', 'revise', 'deprecate']),
  /** Normalised and checked against the Agent Skills name rules before it becomes a candidate. */
  name: z.string().min(1).max(100),
  description: z.string().min(1).max(1024),
  /** Markdown without frontmatter; may be empty only for `deprecate`. */
  body: z.string().max(20_000).default(''),
  scope,
  rationale: z.string().max(2000).optional(),
});
export type SkillEdit = z.infer<typeof skillEditSchema>;

export const skillEditsSchema = z.object({ edits: z.array(skillEditSchema).max(5) });

export const lessonSchema = z.object({
  title: z.string().min(1).max(200),
  rule: z.string().min(1).max(4000),
  kind: z.enum(['success-pattern', 'failure-fix', 'pitfall']),
  /** The skill this lesson belongs in, existing or new. */
  skill: z.string().min(1).max(100),
  scope,
  /** Step event ids of the trajectory that show the lesson. */
  eventIds: z.array(z.string().max(200)).max(50).default([]),
});
export type Lesson = z.infer<typeof lessonSchema>;

export const lessonsSchema = z.object({ lessons: z.array(lessonSchema).max(10) });

export const consolidatedEditSchema = skillEditSchema.extend({
  /** Ids of the input lessons (`L3`) or earlier edits (`E2`) this edit merges. */
  sources: z.array(z.string().max(20)).min(1).max(200),
});
export type ConsolidatedEdit = z.infer<typeof consolidatedEditSchema>;

export const consolidationSchema = z.object({ edits: z.array(consolidatedEditSchema).max(20) });

export const skillDraftSchema = z.object({
  name: z.string().min(1).max(100),
  description: z.string().min(1).max(1024),
  body: z.string().min(1).max(20_000),
  scope,
});
