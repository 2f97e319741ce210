import type { Rule } from 'eslint';

/** The house rule in comment-citations.js (plain JS, so ESLint loads it without a build step). */
declare const commentCitations: Rule.RuleModule;
export default commentCitations;
