from __future__ import annotations

import unittest
from unittest import mock

from kestrel.auth import password as password_mod
from kestrel.models.user import PasswordInfo, UserRole, UserRow, UserStatus
from kestrel.services import accounts
from tests.support import make_db


class SignUpTest(unittest.TestCase):
    def setUp(self) -> None:
        self.db = make_db()

    def test_sign_up_hashes_password_and_issues_a_keypair(self) -> None:
        user = accounts.sign_up(self.db, "ada@example.com", "correct horse")
        self.assertTrue(user.password.startswith("pbkdf2_sha256$"))
        self.assertEqual(len(user.keypairs), 1)
        self.assertEqual(user.main_keypair().user_id, user.uuid)
        self.assertIs(accounts.login(self.db, "ada@example.com", "correct horse"), user)
        self.assertIsNone(accounts.login(self.db, "ada@example.com", "wrong"))

    def test_hash_password_is_patched_where_models_user_reads_it(self) -> None:
        # Patch the name in the module that calls it; patching kestrel.auth.password would miss.
        with mock.patch("kestrel.models.user.hash_password", return_value="plain$1$x$y") as fake:
            user = accounts.sign_up(self.db, "bob@example.com", "hunter2")
        fake.assert_called_once()
        self.assertIsInstance(fake.call_args.args[0], PasswordInfo)
        self.assertEqual(user.password, "plain$1$x$y")

    def test_access_keys_come_from_the_keypair_module(self) -> None:
        with mock.patch("kestrel.models.keypair.generate_access_key", return_value="AKIATEST0001"):
            user = accounts.sign_up(self.db, "cy@example.com", "pw", role=UserRole.ADMIN)
        keypair = user.main_keypair()
        self.assertEqual(keypair.access_key, "AKIATEST0001")
        self.assertTrue(keypair.is_admin)

    def test_login_rejects_inactive_users(self) -> None:
        user = accounts.sign_up(self.db, "dee@example.com", "pw")
        with mock.patch.object(UserRow, "check_password", return_value=True) as check:
            self.assertIs(accounts.login(self.db, "dee@example.com", "anything"), user)
            user.status = UserStatus.INACTIVE
            self.assertIsNone(accounts.login(self.db, "dee@example.com", "anything"))
        check.assert_called_once_with("anything")

    def test_password_info_is_the_auth_class(self) -> None:
        info = accounts.strong_password_info("pw")
        self.assertIs(type(info), password_mod.PasswordInfo)
        self.assertEqual(info.rounds, 20_000)

    def test_join_group_uses_the_function_local_import(self) -> None:
        accounts.sign_up(self.db, "eve@example.com", "pw")
        group = accounts.join_group(self.db, "eve@example.com", "research")
        self.assertEqual([u.email for u in group.members()], ["eve@example.com"])
        with self.assertRaises(LookupError):
            accounts.join_group(self.db, "nobody@example.com", "research")


if __name__ == "__main__":
    unittest.main()
