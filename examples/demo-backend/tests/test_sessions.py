from __future__ import annotations

import unittest
from datetime import datetime, timedelta, timezone

import kestrel.models.session
from kestrel.api import sessions as session_api
from kestrel.models.kernel import KernelStatus
from kestrel.models.session import SessionResult, SessionStatus
from kestrel.services import accounts, scheduling
from tests.support import MonkeyPatch, make_db

FROZEN = datetime(2030, 1, 2, 3, 4, 5, tzinfo=timezone.utc)


class SessionLifecycleTest(unittest.TestCase):
    def setUp(self) -> None:
        self.db = make_db()
        self.monkeypatch = MonkeyPatch()
        self.addCleanup(self.monkeypatch.undo)
        self.user = accounts.sign_up(self.db, "ops@example.com", "pw")

    def _session(self, size: int = 2):
        return scheduling.create_session(
            self.db, self.user, "train", image="cr.kestrel.dev/pytorch:2.1", size=size,
            scaling_group="default",
        )

    def test_schedule_places_all_kernels_on_the_freest_agent(self) -> None:
        session = self._session()
        self.assertEqual(scheduling.schedule(self.db, session), "i-gpu2")
        self.assertEqual({k.agent_id for k in session.kernels}, {"i-gpu2"})
        self.assertEqual(session.status, SessionStatus.RUNNING)
        self.assertEqual(session.main_kernel.cluster_role, "main")

    def test_terminate_uses_the_clock_read_by_models_session(self) -> None:
        self.monkeypatch.setattr("kestrel.models.session.now", lambda: FROZEN)
        session = self._session()
        scheduling.terminate(self.db, session, failed=True)
        self.assertEqual(session.terminated_at, FROZEN)
        self.assertEqual(session.result, SessionResult.FAILURE)
        self.assertTrue(all(k.status is KernelStatus.TERMINATED for k in session.kernels))

    def test_expiry_follows_the_patched_clock(self) -> None:
        session = self._session(size=1)
        self.assertFalse(session.is_expired())
        later = session.created_at.replace(tzinfo=timezone.utc) + timedelta(days=2)
        self.monkeypatch.setattr("kestrel.models.session.now", lambda: later)
        self.assertTrue(session.is_expired())

    def test_kernel_lookups_and_api_description(self) -> None:
        session = self._session(size=3)
        scheduling.schedule(self.db, session)
        ids = [k.id for k in session.kernels]
        self.assertEqual(len(scheduling.kernels_by_ids(self.db, ids)), 3)
        [out] = session_api.describe_kernels(self.db, ids[:2])
        self.assertEqual(out.name, "train")
        self.assertEqual(out.agent_id, "i-gpu2")
        self.assertEqual(out.status, SessionStatus.RUNNING)

    def test_running_sessions_query(self) -> None:
        session = self._session(size=1)
        scheduling.schedule(self.db, session)
        self.assertEqual(kestrel.models.session.running_sessions(self.db), [session])
        self.assertEqual(kestrel.models.session.find_session(self.db, "train"), session)


if __name__ == "__main__":
    unittest.main()
