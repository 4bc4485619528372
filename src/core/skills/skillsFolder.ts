/** The folder VS Code/Copilot, Codex and Gemini CLI read; `skillwright.skills.folder` overrides it. */
export const DEFAULT_SKILLS_FOLDER = '.agents/skills';
