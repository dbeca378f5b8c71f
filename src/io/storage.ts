// The few file operations the run's bookkeeping needs (read a small file, write one atomically,
// list a folder, remove a task's files), for a local folder or an s3:// prefix alike. On S3 a
// "folder" is a key prefix ending in "/", a PUT is atomic, and nothing needs creating.
import { createReadStream, createWriteStream } from "node:fs";
import { mkdir, readdir, readFile, rename, rm, writeFile } from "node:fs/promises";
import { dirname, join, relative, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { OutputError } from "../errors.js";
import { joinLocation } from "../locations.js";
import { isS3 } from "./s3/s3-client.js";
import { s3Chunks, s3List, s3ReadText } from "./s3/s3-read.js";
import { S3WriteStream, s3AbortUploads, s3Delete, s3PutObject } from "./s3/s3-write.js";

export { isS3 };

/** The file's text, or undefined when it does not exist. Other failures throw. */
export async function readTextIfExists(location: string): Promise<string | undefined> {
  if (isS3(location)) return s3ReadText(location);
  try {
    return await readFile(location, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
    throw error;
  }
}

/** A reader sees the old file or the whole new one (local: temp file + rename; S3: one PUT). */
export async function writeTextAtomic(location: string, data: string): Promise<void> {
  if (isS3(location)) return s3PutObject(location, data);
  const temp = `${location}.tmp-${process.pid}`;
  await writeFile(temp, data);
  await rename(temp, location);
}

export async function ensureFolder(location: string): Promise<void> {
  if (isS3(location)) return;
  try {
    await mkdir(location, { recursive: true });
  } catch (error) {
    throw new OutputError(location, `cannot create the folder: ${(error as Error).message}`, { cause: error });
  }
}

/** Names directly inside the folder (files and sub-folders), [] when it does not exist. */
export async function listNames(folder: string): Promise<string[]> {
  if (isS3(folder)) {
    const prefix = joinLocation(folder, "") + (folder.endsWith("/") ? "" : "/");
    const listing = await s3List(prefix, "/");
    return [...listing.objects.map((o) => o.location.slice(prefix.length)), ...listing.folders.map((f) => f.slice(prefix.length).replace(/\/$/, ""))];
  }
  try {
    return await readdir(folder);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT" || code === "ENOTDIR") return [];
    throw new OutputError(folder, `cannot list: ${(error as Error).message}`, { cause: error });
  }
}

/** Remove the files and sub-folders of `folder` whose name passes (and, on S3, their unfinished uploads). */
export async function removeNames(folder: string, mine: (name: string) => boolean): Promise<void> {
  if (isS3(folder)) {
    const prefix = folder.endsWith("/") ? folder : `${folder}/`;
    const listing = await s3List(prefix);
    await s3Delete(listing.objects.map((o) => o.location).filter((location) => mine(location.slice(prefix.length).split("/")[0]!)));
    await s3AbortUploads(prefix, mine);
    return;
  }
  for (const name of await listNames(folder)) if (mine(name)) await rm(joinLocation(folder, name), { force: true, recursive: true });
}

/** Copy every object under the s3:// prefix into `localDir`, keeping the key paths below the prefix. */
export async function downloadFolder(prefix: string, localDir: string): Promise<number> {
  const base = prefix.endsWith("/") ? prefix : `${prefix}/`;
  const listing = await s3List(base);
  for (const object of listing.objects) {
    const target = join(localDir, object.location.slice(base.length));
    await mkdir(dirname(target), { recursive: true });
    await pipeline(Readable.from(s3Chunks(object.location)), createWriteStream(target));
  }
  return listing.objects.length;
}

/** Upload every file under `localDir` (that `only` takes, by its relative path) to the s3:// prefix (multipart for large ones), keeping relative paths. */
export async function uploadFolder(localDir: string, prefix: string, only: (name: string) => boolean = () => true): Promise<number> {
  let names: string[];
  try {
    names = (await readdir(localDir, { recursive: true, withFileTypes: true }))
      .filter((d) => d.isFile())
      .map((d) => relative(localDir, join(d.parentPath, d.name)))
      .filter(only);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT") return 0;
    throw error;
  }
  for (const name of names) await pipeline(createReadStream(join(localDir, name)), new S3WriteStream(joinLocation(prefix, name.split(sep).join("/"))));
  return names.length;
}
