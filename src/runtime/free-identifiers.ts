/**
 * Free identifiers of an ESTree program: names read but not declared inside it. These are the
 * names a cell reads from other cells (or from the host scope and globals).
 *
 * Scoping follows the language closely enough for notebook code: function parameters and
 * bodies, block-scoped let/const/class, hoisted var and function declarations, catch
 * parameters, for-loop heads, destructuring patterns with defaults. Property keys, member
 * `.names`, labels and meta properties are not references.
 */

/** The minimal shape of an ESTree node we walk. */
export interface EsNode {
  readonly type: string;
  readonly [key: string]: unknown;
}

type Scope = { readonly names: Set<string>; readonly parent: Scope | null };

export function freeIdentifiers(program: EsNode): string[] {
  const free = new Set<string>();
  const root: Scope = { names: new Set(), parent: null };
  declareHoisted(program, root);
  declareBlock(program.body as EsNode[], root);
  visit(program, root, free);
  return [...free];
}

function isNode(value: unknown): value is EsNode {
  return typeof value === 'object' && value !== null && typeof (value as EsNode).type === 'string';
}

function declared(scope: Scope | null, name: string): boolean {
  for (let s = scope; s; s = s.parent) if (s.names.has(name)) return true;
  return false;
}

/** Names bound by a pattern (identifiers, destructuring, rest, defaults). */
function patternNames(pattern: EsNode | null, out: string[] = []): string[] {
  if (!pattern) return out;
  switch (pattern.type) {
    case 'Identifier':
      out.push(pattern.name as string);
      break;
    case 'ObjectPattern':
      for (const p of pattern.properties as EsNode[]) patternNames((p.type === 'RestElement' ? p.argument : p.value) as EsNode, out);
      break;
    case 'ArrayPattern':
      for (const e of pattern.elements as (EsNode | null)[]) patternNames(e, out);
      break;
    case 'RestElement':
      patternNames(pattern.argument as EsNode, out);
      break;
    case 'AssignmentPattern':
      patternNames(pattern.left as EsNode, out);
      break;
  }
  return out;
}

/** Declares `var` and function declarations of a function body (not entering nested functions). */
function declareHoisted(node: EsNode, scope: Scope): void {
  const walk = (n: EsNode, top: boolean): void => {
    if (n.type === 'VariableDeclaration' && n.kind === 'var') {
      for (const d of n.declarations as EsNode[]) for (const name of patternNames(d.id as EsNode)) scope.names.add(name);
    }
    if (!top && isFunction(n)) return;
    for (const child of children(n)) walk(child, false);
  };
  walk(node, true);
}

/** Declares let/const/class/function declared directly in a block's statement list. */
function declareBlock(statements: readonly EsNode[], scope: Scope): void {
  for (const s of statements) {
    const decl = s.type === 'ExportNamedDeclaration' ? (s.declaration as EsNode | null) : s;
    if (!decl) continue;
    if (decl.type === 'VariableDeclaration') {
      for (const d of decl.declarations as EsNode[]) for (const name of patternNames(d.id as EsNode)) scope.names.add(name);
    } else if ((decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && isNode(decl.id)) {
      scope.names.add(decl.id.name as string);
    }
  }
}

function isFunction(n: EsNode): boolean {
  return n.type === 'FunctionDeclaration' || n.type === 'FunctionExpression' || n.type === 'ArrowFunctionExpression';
}

function children(node: EsNode): EsNode[] {
  const out: EsNode[] = [];
  for (const key of Object.keys(node)) {
    if (key === 'type' || key === 'loc' || key === 'range') continue;
    const value = node[key];
    if (Array.isArray(value)) out.push(...value.filter(isNode));
    else if (isNode(value)) out.push(value);
  }
  return out;
}

function visit(node: EsNode, scope: Scope, free: Set<string>): void {
  const go = (n: unknown, s: Scope = scope) => isNode(n) && visit(n, s, free);
  switch (node.type) {
    case 'Identifier':
      if (!declared(scope, node.name as string)) free.add(node.name as string);
      return;
    case 'MemberExpression':
      go(node.object);
      if (node.computed) go(node.property);
      return;
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition':
      if (node.computed) go(node.key);
      go(node.value);
      return;
    case 'LabeledStatement':
      go(node.body);
      return;
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'MetaProperty':
    case 'ThisExpression':
    case 'Super':
      return;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression': {
      const inner: Scope = { names: new Set(['arguments']), parent: scope };
      if (node.type === 'FunctionExpression' && isNode(node.id)) inner.names.add(node.id.name as string);
      for (const p of node.params as EsNode[]) for (const name of patternNames(p)) inner.names.add(name);
      const body = node.body as EsNode;
      declareHoisted(body, inner);
      if (body.type === 'BlockStatement') declareBlock(body.body as EsNode[], inner);
      for (const p of node.params as EsNode[]) visitPatternDefaults(p, inner, free);
      if (body.type === 'BlockStatement') for (const s of body.body as EsNode[]) go(s, inner);
      else go(body, inner);
      return;
    }
    case 'ClassDeclaration':
    case 'ClassExpression': {
      const inner: Scope = { names: new Set(isNode(node.id) ? [node.id.name as string] : []), parent: scope };
      go(node.superClass);
      go(node.body, inner);
      return;
    }
    case 'BlockStatement':
    case 'StaticBlock': {
      const inner: Scope = { names: new Set(), parent: scope };
      declareBlock(node.body as EsNode[], inner);
      for (const s of node.body as EsNode[]) go(s, inner);
      return;
    }
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement': {
      const inner: Scope = { names: new Set(), parent: scope };
      const head = (node.init ?? node.left) as EsNode | null;
      if (head && head.type === 'VariableDeclaration') declareBlock([head], inner);
      for (const child of children(node)) go(child, inner);
      return;
    }
    case 'CatchClause': {
      const inner: Scope = { names: new Set(patternNames(node.param as EsNode | null)), parent: scope };
      if (isNode(node.param)) visitPatternDefaults(node.param, inner, free);
      go(node.body, inner);
      return;
    }
    case 'VariableDeclarator':
      visitPatternDefaults(node.id as EsNode, scope, free);
      go(node.init);
      return;
    default:
      for (const child of children(node)) go(child);
  }
}

/** Visits the expressions inside a binding pattern (defaults, computed keys), not its names. */
function visitPatternDefaults(pattern: EsNode, scope: Scope, free: Set<string>): void {
  switch (pattern.type) {
    case 'AssignmentPattern':
      visitPatternDefaults(pattern.left as EsNode, scope, free);
      visit(pattern.right as EsNode, scope, free);
      return;
    case 'ObjectPattern':
      for (const p of pattern.properties as EsNode[]) {
        if (p.type === 'RestElement') visitPatternDefaults(p.argument as EsNode, scope, free);
        else {
          if (p.computed) visit(p.key as EsNode, scope, free);
          visitPatternDefaults(p.value as EsNode, scope, free);
        }
      }
      return;
    case 'ArrayPattern':
      for (const e of pattern.elements as (EsNode | null)[]) if (e) visitPatternDefaults(e, scope, free);
      return;
    case 'RestElement':
      visitPatternDefaults(pattern.argument as EsNode, scope, free);
      return;
    case 'MemberExpression':
      visit(pattern, scope, free);
      return;
  }
}
