from __future__ import annotations

import unittest

import kestrel.models as models
from kestrel.api import images, schemas
from kestrel.models import audit_log
from kestrel.models.vfolder import VFolderOwnershipType, VFolderRow, VFolderUsageMode
from kestrel.services import accounts, serving
from tests.support import make_db


class CatalogueTest(unittest.TestCase):
    def setUp(self) -> None:
        self.db = make_db()

    def test_images_via_star_import(self) -> None:
        images.register_image(self.db, "cr.kestrel.dev/pytorch:2.1")
        images.register_image(self.db, "tensorflow", arch="aarch64")
        self.assertEqual(images.list_images(self.db), [
            {"ref": "cr.kestrel.dev/pytorch:2.1", "arch": "x86_64"},
            {"ref": "cr.kestrel.dev/tensorflow:latest", "arch": "aarch64"},
        ])

    def test_serving_endpoint_with_routes(self) -> None:
        owner = accounts.sign_up(self.db, "ml@example.com", "pw")
        folder = VFolderRow(name="llama", quota_scope_id="user:1", user=owner.uuid,
                            usage_mode=VFolderUsageMode.MODEL,
                            ownership_type=VFolderOwnershipType.USER)
        image = images.register_image(self.db, "vllm:0.4")
        self.db.add(folder)
        self.db.flush()
        endpoint = serving.create_endpoint(self.db, "chat", model=folder, image=image, owner=owner)
        self.assertEqual(endpoint.model_row, folder)
        with self.assertRaises(ValueError):
            serving.check_mounts(["/data", "/data/"])

    def test_audit_log_is_an_imperative_table(self) -> None:
        with self.db.connection() as conn:
            audit_log.record(conn, "user", "42", "create", details={"by": "test"})
            rows = conn.execute(audit_log.audit_logs.select()).all()
        self.assertEqual([(r.entity_type, r.operation) for r in rows], [("user", "create")])

    def test_package_all_spreads_every_module_all(self) -> None:
        for name in ("UserRow", "SessionRow", "KernelRow", "VFolderRow", "sgroups_for_groups",
                     "association_groups_users", "ImageRow", "RoutingRow"):
            self.assertIn(name, models.__all__)
            self.assertTrue(hasattr(models, name), name)
        self.assertEqual(len(models.__all__), len(set(models.__all__)))

    def test_pydantic_schema_reads_rows(self) -> None:
        user = accounts.sign_up(self.db, "pd@example.com", "pw")
        out = schemas.UserOut.from_orm(user)
        self.assertEqual(out.role.value, "user")
        self.assertEqual(out.email, "pd@example.com")


if __name__ == "__main__":
    unittest.main()
