"""Moving a desk's local evidence folder to a bucket on a real S3 API server (moto's server).

The migration is cut short by a real interruption (KeyboardInterrupt from its progress
callback, as Ctrl-C would) and run again; the bucket is then read back with the tests' own
client and every object hashed.
"""

from __future__ import annotations

import hashlib
import socket
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image
from sqlalchemy import Engine
from typer.testing import CliRunner

from inspect_tui.cli import app
from inspect_tui.services.demo import DemoStore
from inspect_tui.services.evidence.location import open_evidence_store
from inspect_tui.services.evidence.migrate import migrate_evidence, stored_files
from inspect_tui.services.evidence.store import EvidenceAltered, EvidenceMissing, LocalEvidenceStore
from inspect_tui.services.shared.database import open_store
from s3_server import Bucket


@pytest.fixture
def desk(demo: DemoStore, tmp_path: Path) -> DemoStore:
    """The demo desk, its local evidence folder holding three bench photos more."""
    folder = LocalEvidenceStore(demo.data_dir / "evidence")
    for number, colour in enumerate([(200, 0, 0), (0, 200, 0), (0, 0, 200)]):
        path = tmp_path / f"photo-{number}.jpg"
        Image.new("RGB", (24, 16), colour).save(path, "JPEG")
        folder.put(path)
    return demo


@pytest.fixture
def desk_engine(desk: DemoStore) -> Iterator[Engine]:
    engine = open_store(desk.db_url)
    yield engine
    engine.dispose()


def held(bucket: Bucket) -> dict[str, str]:
    """Key -> SHA-256 of the content, for every object in the bucket."""
    return {key: hashlib.sha256(data).hexdigest() for key, data in bucket.objects().items()}


class Interrupted(KeyboardInterrupt):
    """Ctrl-C in the middle of the migration."""


def test_a_migration_cut_short_is_finished_by_running_it_again(
    desk: DemoStore, evidence_bucket: Bucket, desk_engine: Engine
) -> None:
    folder = desk.data_dir / "evidence"
    files = stored_files(folder)
    assert len(files) >= 4
    target = open_evidence_store(desk.data_dir, evidence_bucket.url)

    def stop_after_two(done: int, total: int) -> None:
        if done == 2:
            raise Interrupted

    with pytest.raises(Interrupted):
        migrate_evidence(folder, target, engine=desk_engine, progress=stop_after_two)
    assert len(held(evidence_bucket)) == 2

    again = migrate_evidence(folder, target, engine=desk_engine)

    assert (again.copied, again.already) == (len(files) - 2, 2)
    assert again.complete and again.missing == [] and again.altered == []
    objects = held(evidence_bucket)
    assert set(objects) == {f"desk/{name}" for name, _ in files}
    for key, sha256 in objects.items():  # every object is the content its name promises
        assert key.rsplit("/", 1)[1].startswith(sha256)
    for name, path in files:  # and the local folder is left as it was
        assert hashlib.sha256(path.read_bytes()).hexdigest() == objects[f"desk/{name}"]

    third = migrate_evidence(folder, target, engine=desk_engine)
    assert (third.copied, third.already) == (0, len(files))


def test_a_local_file_edited_since_it_was_stored_is_not_copied(
    desk: DemoStore, evidence_bucket: Bucket, desk_engine: Engine
) -> None:
    folder = desk.data_dir / "evidence"
    files = stored_files(folder)
    target = open_evidence_store(desk.data_dir, evidence_bucket.url)
    with desk_engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT stored_path FROM evidence")
        recorded = {row[0] for row in rows}
    edited_name, edited = next((name, path) for name, path in files if name in recorded)
    edited.write_bytes(edited.read_bytes() + b"retouched")

    result = migrate_evidence(folder, target, engine=desk_engine)

    assert result.altered == [edited_name]
    assert result.missing == [edited_name]  # a recorded photo the shared store does not hold
    assert not result.complete
    assert f"desk/{edited_name}" not in held(evidence_bucket)
    assert result.copied == len(files) - 1


def test_the_command_migrates_and_says_so(
    desk: DemoStore, evidence_bucket: Bucket, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("INSPECT_TUI_HOME", str(desk.data_dir))
    monkeypatch.delenv("INSPECT_TUI_EVIDENCE")
    files = stored_files(desk.data_dir / "evidence")
    command = ["--db", desk.db_url, "evidence", "migrate", "--to", evidence_bucket.url]

    first = CliRunner().invoke(app, command)
    second = CliRunner().invoke(app, command)

    assert first.exit_code == 0, first.output
    assert f"{len(files)} files copied, 0 already there" in first.output
    assert f"INSPECT_TUI_EVIDENCE={evidence_bucket.url}" in first.output
    assert second.exit_code == 0, second.output
    assert f"0 files copied, {len(files)} already there" in second.output
    assert len(held(evidence_bucket)) == len(files)


def test_an_unreachable_store_is_a_message_and_the_run_can_be_repeated(
    desk: DemoStore, evidence_bucket: Bucket, monkeypatch: pytest.MonkeyPatch
) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        closed = probe.getsockname()[1]
    monkeypatch.setenv("AWS_ENDPOINT_URL", f"http://127.0.0.1:{closed}")
    monkeypatch.setenv("INSPECT_TUI_HOME", str(desk.data_dir))

    result = CliRunner().invoke(
        app, ["--db", desk.db_url, "evidence", "migrate", "--to", evidence_bucket.url]
    )

    assert result.exit_code == 1
    assert "could not be used" in result.output and "Run the same command again" in result.output
    assert "Traceback" not in result.output
    assert held(evidence_bucket) == {}


def test_audit_verify_hashes_the_files_in_the_shared_store(
    desk: DemoStore, evidence_bucket: Bucket, desk_engine: Engine
) -> None:
    target = open_evidence_store(desk.data_dir, evidence_bucket.url)
    assert migrate_evidence(desk.data_dir / "evidence", target, engine=desk_engine).complete
    with desk_engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT DISTINCT stored_path FROM evidence").all()
    verify = ["--db", desk.db_url, "audit", "verify"]

    intact = CliRunner().invoke(app, verify)

    assert intact.exit_code == 0, intact.output
    assert f"{len(rows)} evidence files verified" in intact.output
    tampered = f"desk/{rows[0][0]}"
    evidence_bucket.s3.put_object(Bucket=evidence_bucket.name, Key=tampered, Body=b"\xff\xd8\xff")
    broken = CliRunner().invoke(app, verify)
    assert broken.exit_code == 1
    assert f"evidence file {rows[0][0]} was edited" in broken.output


def test_a_shared_folder_serves_as_the_store_too(tmp_path: Path) -> None:
    local = LocalEvidenceStore(tmp_path / "evidence")
    stored = []
    for number in range(2):
        path = tmp_path / f"p{number}.jpg"
        Image.new("RGB", (8, 8), (number * 90, 10, 10)).save(path, "JPEG")
        stored.append(local.put(path))
    share = open_evidence_store(tmp_path / "pc", str(tmp_path / "share"))

    first = migrate_evidence(tmp_path / "evidence", share)
    again = migrate_evidence(tmp_path / "evidence", share)

    assert (first.copied, first.already, again.copied, again.already) == (2, 0, 0, 2)
    item = stored[0]
    assert share.fetch(item.stored_path, item.sha256) == tmp_path / "share" / item.stored_path
    (tmp_path / "share" / item.stored_path).write_bytes(b"\xff\xd8\xff retouched")
    with pytest.raises(EvidenceAltered, match="changed after it was stored"):
        share.fetch(item.stored_path, item.sha256)
    with pytest.raises(EvidenceMissing, match="not the name of a stored evidence file"):
        share.fetch("../evidence/" + item.stored_path, item.sha256)


def test_photos_imported_with_the_shipments_go_to_the_shared_store(
    sqlite_url: str, evidence_bucket: Bucket
) -> None:
    samples = Path(__file__).resolve().parents[2] / "sample_data"
    run = CliRunner()
    for kind, name in (("products", "products.csv"), ("shipments", "shipments.csv")):
        result = run.invoke(app, ["--db", sqlite_url, "import", kind, str(samples / name)])
        assert result.exit_code == 0, result.output

    engine = open_store(sqlite_url)
    try:
        with engine.connect() as connection:
            rows = connection.exec_driver_sql("SELECT stored_path, sha256 FROM evidence").all()
    finally:
        engine.dispose()
    objects = held(evidence_bucket)
    assert rows and {f"desk/{path}": sha256 for path, sha256 in rows}.items() <= objects.items()
