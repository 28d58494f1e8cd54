/**
 * The shapes of an ASC MHL v2 history as this program sees them: what the writer records and what the reader returns.
 * Names follow the spec's elements (hashlist = one generation's manifest, chain = ascmhl_chain.xml).
 */
import type { HashAlgorithm, HashSet } from '../../shared/hashes';

export type MhlProcess = 'in-place' | 'transfer' | 'flatten';
export const MHL_PROCESSES: readonly MhlProcess[] = ['in-place', 'transfer', 'flatten'];

export type HashAction = 'original' | 'verified' | 'failed';
export const HASH_ACTIONS: readonly HashAction[] = ['original', 'verified', 'failed'];

/** The folder each MHL root keeps its history in, and the chain file inside it. */
export const ASCMHL_FOLDER = 'ascmhl';
export const CHAIN_FILE_NAME = 'ascmhl_chain.xml';

/** What the reference tool writes when a history has no patterns of its own yet. */
export const DEFAULT_IGNORE_PATTERNS: readonly string[] = ['.DS_Store', 'ascmhl', 'ascmhl/'];

/** The order we write hash elements in (the spec's alphabetical order; the XSD accepts any). */
export const MHL_ELEMENT_ORDER: readonly HashAlgorithm[] = ['c4', 'md5', 'sha1', 'xxh128', 'xxh3', 'xxh64'];

export interface MhlAuthor {
  name: string;
  email?: string;
  phone?: string;
  role?: string;
}

export interface MhlCreator {
  tool: string;
  toolVersion: string;
  hostname: string;
  location?: string;
  comment?: string;
  authors?: MhlAuthor[];
}

export interface MhlCreatorInfo {
  creationDate: Date;
  hostname: string;
  tool: { name: string; version?: string };
  authors: MhlAuthor[];
  location?: string;
  comment?: string;
}

/** Content and structure hashes of a folder (or of the root), per algorithm. */
export interface DirectoryHashes {
  content: HashSet;
  structure: HashSet;
}

export interface MhlHashValue {
  algorithm: HashAlgorithm;
  value: string;
  action?: HashAction;
  hashDate?: Date;
}

export interface MhlFileEntry {
  path: string;
  size?: number;
  lastModified?: Date;
  creationDate?: Date;
  hashes: MhlHashValue[];
  previousPath?: string;
  /** Hash elements the spec allows but this program cannot compute (xxh32): kept so nothing is silently dropped. */
  unsupported?: string[];
}

export interface MhlDirectoryEntry extends DirectoryHashes {
  path: string;
  lastModified?: Date;
  creationDate?: Date;
}

export interface MhlReference {
  /** Relative to the root of the history that holds the reference, '/'-separated. */
  path: string;
  c4: string;
}

/** One manifest's content. */
export interface MhlManifest {
  creator: MhlCreatorInfo;
  process: MhlProcess;
  rootHash?: DirectoryHashes;
  ignorePatterns: string[];
  files: MhlFileEntry[];
  directories: MhlDirectoryEntry[];
  references: MhlReference[];
}

export interface MhlChainEntry {
  sequence: number;
  /** File name inside ascmhl/, as the chain records it. */
  path: string;
  c4: string;
}

/** A manifest as it sits in a history: its place in the chain and its proven C4. */
export interface MhlGeneration extends MhlManifest {
  sequence: number;
  fileName: string;
  manifestPath: string;
  c4: string;
}

export type ReferenceStatus = 'ok' | 'missing' | 'mismatch' | 'unreadable';

export interface CheckedReference extends MhlReference {
  /** The generation that holds the reference. */
  sequence: number;
  status: ReferenceStatus;
}

export interface MhlHistory {
  /** Absolute path of the MHL root (the folder that contains ascmhl/). */
  root: string;
  ascmhlDir: string;
  chainPath: string;
  /** In chain order, sequence 1..n. Empty when ascmhl/ holds no manifest yet. */
  generations: MhlGeneration[];
  /** Every hashlistreference of every generation, with whether the referenced manifest is there and unchanged. */
  references: CheckedReference[];
}
