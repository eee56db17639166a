import { z } from 'zod';
import type { LinkRecord } from '../../db/repositories/concepts.js';
import { cleanTerm } from '../concepts/concept-names.js';
import { MAX_MAP_CONCEPTS, neighbourhood, shortestPath, toMermaid } from '../concepts/graph.js';
import { refreshMentions, suppressionAnchor, TermMatcher } from '../concepts/mentions.js';
import type { AppContext } from './context.js';
import type { ConceptDetail, ConceptLink, ConceptLinkType, ConceptRef, HiddenMention } from './contract.js';
import { conceptLinkType as linkType, conceptRef, conceptTerm as term } from './contract/concepts.js';
import { invalid, notFound } from './errors.js';
import type { DomainHandlers } from './handler.js';
import { chosenLanguage } from './settings.js';

type ConceptCalls =
  | 'concepts.list'
  | 'concepts.get'
  | 'concepts.map'
  | 'concepts.path'
  | 'concepts.create'
  | 'concepts.rename'
  | 'concepts.define'
  | 'concepts.merge'
  | 'concepts.addAlias'
  | 'concepts.removeAlias'
  | 'links.create'
  | 'links.update'
  | 'links.delete'
  | 'concepts.suppressMention'
  | 'concepts.restoreMention';

const anyRef = z.union([z.number().int().positive(), term]);
const ref = conceptRef.shape;
const refine = (value: ConceptRef): boolean => (value.id === undefined) !== (value.name === undefined);
const refMessage = { message: 'give either id or name' };
const label = z.string().max(200);

function toLink(record: LinkRecord): ConceptLink {
  return {
    id: record.id,
    from: { id: record.fromId, name: record.fromName },
    to: { id: record.toId, name: record.toName },
    type: record.type,
    label: record.label,
    source: record.source,
    noteId: record.noteId,
  };
}

function groupByType(links: ConceptLink[]): Partial<Record<ConceptLinkType, ConceptLink[]>> {
  const groups: Partial<Record<ConceptLinkType, ConceptLink[]>> = {};
  for (const link of links) (groups[link.type] ??= []).push(link);
  return groups;
}

export function conceptHandlers(ctx: AppContext): DomainHandlers<ConceptCalls> {
  const repo = ctx.repositories.concepts;
  const suppressions = ctx.repositories.mentionSuppressions;
  const now = (): string => new Date().toISOString();

  const resolve = (value: ConceptRef | string | number): number => {
    const r: ConceptRef = typeof value === 'number' ? { id: value } : typeof value === 'string' ? { name: value } : value;
    const id = r.id !== undefined ? (repo.get(r.id) ? r.id : undefined) : repo.findByTerm(cleanTerm(r.name ?? ''));
    if (id === undefined) throw notFound(`no concept ${r.id ?? `named ${r.name ?? ''}`}`);
    return id;
  };

  const detail = (id: number): ConceptDetail => {
    const concept = repo.get(id);
    if (!concept) throw notFound(`no concept ${id}`);
    const links = repo.linksOf(id).map(toLink);
    return {
      id,
      name: concept.name,
      aliases: repo.aliases(id),
      definition: concept.definition,
      definitionSource:
        concept.definitionNoteId === null ? null : { noteId: concept.definitionNoteId, sectionOrd: concept.definitionSectionOrd },
      isUserCreated: concept.isUserCreated,
      mentions: repo.mentions(id),
      hiddenMentions: suppressions.ofConceptWithNotes(id),
      outgoing: groupByType(links.filter((l) => l.from.id === id)),
      incoming: groupByType(links.filter((l) => l.to.id === id)),
    };
  };

  const checkFree = (name: string): void => {
    if (repo.findByTerm(name) !== undefined) throw invalid(`"${name}" already names a concept`);
  };

  /** A user edit in one transaction; names changed, so mentions are found again. */
  const edit = <T>(work: () => T, isRefreshingMentions: boolean): T =>
    ctx.store.transaction(() => {
      const result = work();
      if (isRefreshingMentions) refreshMentions(repo, suppressions);
      return result;
    });

  return {
    'concepts.list': {
      schema: z.strictObject({ q: z.string().max(200).optional() }),
      run: ({ q }) => repo.list(q?.trim() || undefined),
    },
    'concepts.get': {
      schema: z.strictObject(ref).refine(refine, refMessage),
      run: (args) => detail(resolve(args)),
    },
    'concepts.map': {
      schema: z.strictObject({ ...ref, depth: z.union([z.literal(1), z.literal(2)]).optional() }).refine(refine, refMessage),
      run: (args) => {
        const id = resolve({ id: args.id, name: args.name });
        const around = neighbourhood(repo.allLinks(), id, args.depth ?? 1);
        // The neighbourhood lists the nearest concepts first: a hub's map keeps those and stays quick to draw.
        const kept = new Set([...around.ids].slice(0, MAX_MAP_CONCEPTS));
        const nodes = [...kept].map((n) => ({ id: n, name: repo.get(n)?.name ?? '' }));
        const links = around.links.filter((l) => kept.has(l.fromId) && kept.has(l.toId));
        return { mermaid: toMermaid(nodes, links, id, chosenLanguage(ctx)), omitted: around.ids.size - kept.size };
      },
    },
    'concepts.path': {
      schema: z.strictObject({ from: anyRef, to: anyRef }),
      run: ({ from, to }) => {
        const start = resolve(from);
        const end = resolve(to);
        const steps = shortestPath(repo.allLinks(), start, end);
        if (!steps) throw notFound(`no path between ${String(from)} and ${String(to)}`);
        const concepts = [{ id: start, name: repo.get(start)?.name ?? '' }];
        for (const step of steps) {
          concepts.push(
            step.direction === 'forward'
              ? { id: step.link.toId, name: step.link.toName }
              : { id: step.link.fromId, name: step.link.fromName },
          );
        }
        return {
          concepts,
          steps: steps.map((s) => ({ link: toLink(s.link), direction: s.direction })),
          mermaid: toMermaid(
            concepts,
            steps.map((s) => s.link),
            start,
            chosenLanguage(ctx),
          ),
        };
      },
    },
    'concepts.create': {
      schema: z.strictObject({ name: term, definition: z.string().max(5000).optional(), aliases: z.array(term).max(50).optional() }),
      run: ({ name, definition, aliases }) => {
        const clean = cleanTerm(name);
        checkFree(clean);
        const id = edit(() => {
          const created = repo.create(clean, true, now());
          for (const alias of aliases ?? []) repo.addAlias(created, cleanTerm(alias), 'user');
          if (definition) repo.setUserDefinition(created, definition.trim(), now());
          return created;
        }, true);
        return detail(id);
      },
    },
    'concepts.rename': {
      schema: z.strictObject({ ...ref, newName: term }).refine(refine, refMessage),
      run: (args) => {
        const id = resolve({ id: args.id, name: args.name });
        const newName = cleanTerm(args.newName);
        const owner = repo.findByTerm(newName);
        if (owner !== undefined && owner !== id) throw invalid(`"${newName}" already names another concept`);
        edit(() => repo.rename(id, newName, now()), true);
        return detail(id);
      },
    },
    'concepts.define': {
      schema: z.strictObject({ ...ref, definition: z.string().max(5000) }).refine(refine, refMessage),
      run: (args) => {
        const id = resolve({ id: args.id, name: args.name });
        repo.setUserDefinition(id, args.definition.trim(), now());
        return detail(id);
      },
    },
    'concepts.merge': {
      schema: z.strictObject({ from: anyRef, into: anyRef }),
      run: ({ from, into }) => {
        const source = resolve(from);
        const target = resolve(into);
        if (source === target) throw invalid('a concept cannot be merged into itself');
        edit(() => repo.merge(source, target, now()), false);
        return detail(target);
      },
    },
    'concepts.addAlias': {
      schema: z.strictObject({ ...ref, alias: term }).refine(refine, refMessage),
      run: (args) => {
        const id = resolve({ id: args.id, name: args.name });
        const alias = cleanTerm(args.alias);
        checkFree(alias);
        edit(() => {
          // An alias removed before and wanted again: its marker goes first.
          repo.forgetRemovedAlias(alias);
          repo.addAlias(id, alias, 'user');
        }, true);
        return detail(id);
      },
    },
    'concepts.removeAlias': {
      schema: z.strictObject({ ...ref, alias: term }).refine(refine, refMessage),
      run: (args) => {
        const id = resolve({ id: args.id, name: args.name });
        const alias = cleanTerm(args.alias);
        if (!edit(() => repo.removeAlias(id, alias), true)) throw notFound(`"${alias}" is not an alias of this concept`);
        return detail(id);
      },
    },
    'links.create': {
      schema: z.strictObject({ from: anyRef, to: anyRef, type: linkType, label: label.optional() }),
      run: ({ from, to, type, label: text }) => {
        const start = resolve(from);
        const end = resolve(to);
        if (start === end) throw invalid('a link needs two different concepts');
        const id = repo.createUserLink(start, end, type, text ?? '', now());
        return toLink(repo.link(id) as LinkRecord);
      },
    },
    'links.update': {
      schema: z.strictObject({ id: z.number().int().positive(), type: linkType, label: label.optional() }),
      run: ({ id, type, label: text }) => {
        const link = repo.link(id);
        if (!link) throw notFound(`no link ${id}`);
        const standing = edit(() => repo.updateLink(id, type, text ?? link.label, now()), false);
        return toLink(repo.link(standing) as LinkRecord);
      },
    },
    'concepts.suppressMention': {
      schema: z
        .strictObject({
          noteId: z.number().int().positive(),
          conceptId: z.number().int().positive(),
          start: z.number().int().min(0),
          end: z.number().int().positive(),
        })
        .refine((a) => a.end > a.start && a.end - a.start <= 200, { message: 'give the span of one concept name' }),
      run: ({ noteId, conceptId, start, end }) => {
        const [note] = repo.noteTexts([noteId]);
        if (!note) throw notFound(`no note ${noteId}`);
        if (!repo.get(conceptId)) throw notFound(`no concept ${conceptId}`);
        // Only an underline the reader could show: the concept's name found at exactly this place.
        const isFound = new TermMatcher(repo.terms())
          .find(note.text)
          .some((m) => m.conceptId === conceptId && m.start === start && m.end === end);
        if (!isFound) throw invalid(`concept ${conceptId} is not mentioned at ${start}–${end} of note ${noteId}`);
        const added = ctx.store.transaction(() => {
          const row = suppressions.add({ conceptId, noteId, ...suppressionAnchor(note.text, start, end) }, now());
          refreshMentions(repo, suppressions, [noteId]);
          return row;
        });
        return suppressions.ofConceptWithNotes(conceptId).find((h) => h.id === added.id) as HiddenMention;
      },
    },
    'concepts.restoreMention': {
      schema: z.strictObject({ id: z.number().int().positive() }),
      run: ({ id }) => {
        const row = suppressions.get(id);
        if (!row) throw notFound(`no hidden mention ${id}`);
        ctx.store.transaction(() => {
          suppressions.delete(id);
          refreshMentions(repo, suppressions, [row.noteId]);
        });
        return { id, conceptId: row.conceptId, noteId: row.noteId };
      },
    },
    'links.delete': {
      schema: z.strictObject({ id: z.number().int().positive() }),
      run: ({ id }) => {
        if (!repo.link(id)) throw notFound(`no link ${id}`);
        edit(() => repo.deleteLink(id, now()), false);
        return { id };
      },
    },
  };
}
