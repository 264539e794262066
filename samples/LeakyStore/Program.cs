using System;

namespace LeakyStore
{
    public static class Program
    {
        public static int Main(string[] args)
        {
            using var cache = new StoreCache();
            cache.Add("inbox", "/stores/inbox.pst");
            Console.WriteLine("LeakyStore: build this project to see LockLeak's warnings.");
            return 0;
        }
    }
}
