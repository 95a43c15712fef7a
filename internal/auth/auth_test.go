package auth

import (
	"strings"
	"testing"
)

// TestPasswordHashProductionCost is the one test that hashes at the
// production cost (every package that imports storetest hashes at
// TestCost): the stored hash must carry 64 MiB, 3 passes and 2 lanes.
func TestPasswordHashProductionCost(t *testing.T) {
	if HashCost != (Cost{Time: 3, Memory: 64 * 1024, Threads: 2}) {
		t.Fatalf("HashCost = %+v, want the production cost", HashCost)
	}
	h := HashPassword("correct horse battery")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=65536,t=3,p=2$") {
		t.Fatalf("hash %q does not carry the production parameters", h)
	}
	if !VerifyPassword(h, "correct horse battery") || VerifyPassword(h, "correct horse batterY") {
		t.Fatal("production-cost hash does not verify exactly its password")
	}
}

// A hash made at another cost still verifies: VerifyPassword reads the
// cost from the hash, so test accounts at TestCost sign in, and raising
// the cost one day leaves existing passwords working.
func TestPasswordHashTestCost(t *testing.T) {
	saved := HashCost
	HashCost = TestCost
	t.Cleanup(func() { HashCost = saved })
	h := HashPassword("correct horse battery")
	if !strings.HasPrefix(h, "$argon2id$v=19$m=8,t=1,p=1$") {
		t.Fatalf("hash %q does not carry TestCost", h)
	}
	if !VerifyPassword(h, "correct horse battery") || VerifyPassword(h, "correct horse batterY") {
		t.Fatal("test-cost hash does not verify exactly its password")
	}
	for _, bad := range []string{"", h[1:], strings.Replace(h, "argon2id", "argon2i", 1), strings.Replace(h, "m=8", "m=x", 1)} {
		if VerifyPassword(bad, "correct horse battery") {
			t.Errorf("malformed hash %q verified", bad)
		}
	}
}
