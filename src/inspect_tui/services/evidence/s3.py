"""The evidence store in an S3-compatible object store, shared by every station.

``INSPECT_TUI_EVIDENCE=s3://bucket/prefix`` puts every station's evidence in one bucket, under
the same content-addressed names as the local folder (``<prefix>/ab/ab12…ef.jpg``), so the
database rows do not change when a desk moves its evidence there. The endpoint and credentials
come from the usual AWS settings (``AWS_ENDPOINT_URL``, ``AWS_ACCESS_KEY_ID``,
``AWS_SECRET_ACCESS_KEY``, ``AWS_DEFAULT_REGION``, a profile), so MinIO, Ceph RGW, Aliyun OSS
and AWS S3 all work; ``?addressing=path`` (MinIO, Ceph) or ``?addressing=virtual`` (OSS) picks
how the bucket is addressed.

A write sends the bytes with their MD5 (the server refuses them if they arrive changed), then
asks the server what it holds and compares size and ETag: only then is the file stored. A
read downloads into ``<data dir>/evidence-cache`` through a temporary file, hashing as it
goes; content whose SHA-256 is not the recorded one is refused, never kept in the cache.
"""

from __future__ import annotations

import base64
import hashlib
import os
import tempfile
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError, NoCredentialsError

from inspect_tui.services.evidence.store import (
    CHUNK,
    INCOMING,
    EvidenceAltered,
    EvidenceMissing,
    EvidenceStoreError,
    StoredFile,
    file_sha256,
    safe_name,
    store_file,
)

SHA256_META = "sha256"
"""Object metadata naming the content's SHA-256 (a convenience: reads hash the bytes)."""
ADDRESSING = ("auto", "path", "virtual")
_NOT_THERE = {"NoSuchKey", "404", "NotFound"}
_REFUSED = {"AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "403", "Forbidden"}


class S3EvidenceStore:
    """Evidence in a bucket of an S3-compatible object store; read through a local cache."""

    def __init__(self, client: Any, bucket: str, prefix: str, cache_dir: Path) -> None:
        """Use ``client`` (a boto3 S3 client) on ``bucket`` under ``prefix``.

        Args:
            client: A boto3 S3 client.
            bucket: The bucket's name.
            prefix: The folder inside the bucket ("" for its top).
            cache_dir: Where files read from the bucket are kept on this machine.
        """
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.strip("/")
        self.cache_dir = cache_dir

    @classmethod
    def from_url(cls, url: str, *, cache_dir: Path) -> S3EvidenceStore:
        """The store named by ``s3://bucket/prefix[?addressing=path|virtual]``.

        Raises:
            EvidenceStoreError: The address has no bucket or an unknown option.
        """
        parts = urlsplit(url.strip())
        query = parse_qs(parts.query)
        addressing = query.pop("addressing", ["auto"])[-1]
        if not parts.netloc or query or addressing not in ADDRESSING:
            raise EvidenceStoreError(
                f"The evidence store {url!r} is not understood: write s3://bucket/prefix, "
                "optionally followed by ?addressing=path (MinIO, Ceph) or ?addressing=virtual."
            )
        config = Config(
            connect_timeout=5,
            read_timeout=60,
            retries={"max_attempts": 3, "mode": "standard"},
            s3={"addressing_style": addressing},
            # Stores other than AWS (OSS, older MinIO and Ceph) refuse the newer checksums.
            request_checksum_calculation="when_required",
            response_checksum_validation="when_required",
        )
        try:
            client = boto3.session.Session().client("s3", config=config)
        except (BotoCoreError, ValueError) as error:
            raise EvidenceStoreError(
                f"The evidence store {url} cannot be used: {error}. Check AWS_ENDPOINT_URL, "
                "AWS_DEFAULT_REGION and the credentials."
            ) from None
        return cls(client, parts.netloc, parts.path, cache_dir)

    @property
    def location(self) -> str:
        """``s3://bucket/prefix``."""
        return f"s3://{self.bucket}/{self.prefix}".rstrip("/")

    @property
    def local_dir(self) -> Path:
        """The cache of files read from the bucket on this machine."""
        return self.cache_dir

    def key(self, stored_path: str) -> str:
        """The object key of the evidence file ``stored_path``."""
        return f"{self.prefix}/{stored_path}" if self.prefix else stored_path

    def put(self, source: Path) -> StoredFile:
        """Copy ``source`` into the cache under its SHA-256, then into the bucket, verified."""
        stored = store_file(self.cache_dir, source)
        self.put_stored(self.cache_dir / stored.stored_path, stored.stored_path, stored.sha256)
        return stored

    def put_stored(self, path: Path, stored_path: str, sha256: str) -> bool:
        """Upload ``path`` as ``stored_path`` unless the bucket already holds exactly it.

        Returns:
            True when it was uploaded, False when the bucket already held this content.

        Raises:
            EvidenceAltered: ``path`` does not hash to ``sha256``; nothing was uploaded.
            EvidenceStoreError: The bucket cannot be reached or did not keep the bytes.
        """
        safe_name(stored_path)
        md5, actual, size = _digests(path)
        if actual != sha256:
            raise EvidenceAltered(stored_path, actual, size)
        if self._holds(stored_path, md5, sha256, size):
            return False
        with path.open("rb") as body:
            self._call(
                stored_path,
                self.client.put_object,
                Body=body,
                ContentLength=size,
                ContentMD5=base64.b64encode(bytes.fromhex(md5)).decode("ascii"),
                Metadata={SHA256_META: sha256},
            )
        if not self._holds(stored_path, md5, sha256, size):
            raise EvidenceStoreError(
                f"The evidence store {self.location} did not keep {stored_path} as sent: "
                "nothing was recorded. Try again, or ask whoever looks after the store."
            )
        return True

    def fetch(self, stored_path: str, sha256: str) -> Path:
        """The file from the cache, or downloaded into it; hashed again either way."""
        cached = self.cache_dir / safe_name(stored_path)
        try:
            if file_sha256(cached)[0] == sha256:
                return cached
        except OSError:
            pass
        return self._download(stored_path, sha256)

    def check(self, stored_path: str, sha256: str) -> None:
        """Check the bucket's own copy, not this machine's cache (see ``EvidenceStore.check``).

        With a verified copy in the cache, the bucket is asked for the object's size and ETag
        only; otherwise (or when they differ) the object is downloaded and hashed.
        """
        cached = self.cache_dir / safe_name(stored_path)
        try:
            md5, actual, size = _digests(cached)
        except OSError:
            actual = None
        if actual == sha256 and self._holds(stored_path, md5, sha256, size):
            return
        self._download(stored_path, sha256)

    def _download(self, stored_path: str, sha256: str) -> Path:
        """Download the object into the cache through a temporary file, hashing it."""
        cached = self.cache_dir / stored_path
        response = self._call(stored_path, self.client.get_object)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=self.cache_dir, prefix=INCOMING)
        try:
            digest, size = hashlib.sha256(), 0
            with os.fdopen(handle, "wb") as out:
                try:
                    for chunk in response["Body"].iter_chunks(CHUNK):
                        digest.update(chunk)
                        size += len(chunk)
                        out.write(chunk)
                except BotoCoreError as error:
                    raise self._unreachable(stored_path, error) from None
            if digest.hexdigest() != sha256:
                raise EvidenceAltered(stored_path, digest.hexdigest(), size)
            cached.parent.mkdir(parents=True, exist_ok=True)
            os.replace(temporary, cached)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        return cached

    def _holds(self, stored_path: str, md5: str, sha256: str, size: int) -> bool:
        """True when the object is there with this size and content.

        The ETag of an object stored in one piece is its MD5, computed by the server; an ETag
        of another form (multipart, server-side KMS encryption) is not, and the object is then
        downloaded and hashed.
        """
        try:
            head = self._call(stored_path, self.client.head_object)
        except EvidenceMissing:
            return False
        if head.get("ContentLength") != size:
            return False
        etag = str(head.get("ETag", "")).strip('"').lower()
        if len(etag) == 32 and "-" not in etag:
            return etag == md5
        try:
            return self._hash_of(stored_path) == sha256
        except EvidenceMissing:
            return False

    def _hash_of(self, stored_path: str) -> str:
        response = self._call(stored_path, self.client.get_object)
        digest = hashlib.sha256()
        for chunk in response["Body"].iter_chunks(CHUNK):
            digest.update(chunk)
        return digest.hexdigest()

    def _call(self, stored_path: str, operation: Any, **arguments: Any) -> Any:
        """Run one S3 operation on the object of ``stored_path``, errors in words."""
        try:
            return operation(Bucket=self.bucket, Key=self.key(stored_path), **arguments)
        except ClientError as error:
            code = str(error.response.get("Error", {}).get("Code", ""))
            if code in _NOT_THERE:
                raise EvidenceMissing(
                    f"The evidence file {stored_path} is missing from {self.location}."
                ) from None
            if code == "NoSuchBucket":
                raise EvidenceStoreError(
                    f"The bucket {self.bucket!r} does not exist at the evidence store's "
                    "endpoint: create it, or correct INSPECT_TUI_EVIDENCE."
                ) from None
            if code in _REFUSED:
                raise EvidenceStoreError(
                    f"The evidence store {self.location} refused this station ({code}): check "
                    "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and the bucket's permissions."
                ) from None
            if code in ("BadDigest", "InvalidDigest"):
                raise EvidenceStoreError(
                    f"{stored_path} arrived changed at the evidence store ({code}): nothing "
                    "was recorded. Try again."
                ) from None
            raise self._unreachable(stored_path, error) from None
        except NoCredentialsError:
            raise EvidenceStoreError(
                f"No credentials for the evidence store {self.location}: set "
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (or AWS_PROFILE)."
            ) from None
        except BotoCoreError as error:
            raise self._unreachable(stored_path, error) from None

    def _unreachable(self, stored_path: str, error: Exception) -> EvidenceStoreError:
        return EvidenceStoreError(
            f"The evidence store {self.location} could not be used for {stored_path} "
            f"({error}): check the network and AWS_ENDPOINT_URL, then try again."
        )


def _digests(path: Path) -> tuple[str, str, int]:
    """MD5 (hex), SHA-256 (hex) and size of the file, in one read."""
    md5, sha256, size = hashlib.md5(usedforsecurity=False), hashlib.sha256(), 0
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            md5.update(chunk)
            sha256.update(chunk)
            size += len(chunk)
    return md5.hexdigest(), sha256.hexdigest(), size
