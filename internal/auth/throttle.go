package auth

import "time"

// Throttle is the sign-in throttling policy (OWASP ASVS 2.2.1): after
// Limit failed sign-ins, one key (an account or a client address) is
// locked for Lock, doubling with each further failure up to MaxLock.
// While locked, sign-ins for that key are refused without checking the
// password, whether or not the account exists, so the lock reveals
// nothing about which accounts exist. A key's count is forgotten Forget
// after its last failure, and an account's at its next successful
// sign-in.
type Throttle struct {
	AccountLimit int // failures per account before it is locked
	AddressLimit int // failures per client address before it is locked
	Lock         time.Duration
	MaxLock      time.Duration
	Forget       time.Duration
}

// DefaultThrottle locks an account after 5 failed sign-ins and a client
// address after 50 (many people in one trust may share an address), for
// 1 minute, then 2, 4, … up to 1 hour. After the first lock an attacker
// gets one guess per lock: about 30 a day for one account.
var DefaultThrottle = Throttle{AccountLimit: 5, AddressLimit: 50, Lock: time.Minute, MaxLock: time.Hour, Forget: 24 * time.Hour}

// LockFor is how long a key with failures failed sign-ins stays locked
// against a policy limit: 0 below the limit.
func (t Throttle) LockFor(failures, limit int) time.Duration {
	if failures < limit {
		return 0
	}
	d := t.Lock
	for i := limit; i < failures && d < t.MaxLock; i++ {
		d *= 2
	}
	return min(d, t.MaxLock)
}

// Session lifetimes: a session ends after SessionIdle without a request,
// and SessionMax after sign-in whatever happens.
const (
	SessionIdle = 30 * time.Minute
	SessionMax  = 12 * time.Hour
)

// ResetTTL is how long a password reset link works.
const ResetTTL = 24 * time.Hour
